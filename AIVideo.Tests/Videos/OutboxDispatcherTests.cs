using AIVideo.Api.Outbox;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Azure;
using Azure.Storage.Queues;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AIVideo.Tests.Videos;

/// <summary>
/// Api replicas each run an outbox dispatcher over one database: a row is claimed by one of them,
/// sent once, and a dispatcher that dies holding rows leaves them to another when its lease ends.
/// </summary>
public sealed class OutboxDispatcherTests(TestServices services, EmulatorServer emulator) : IAsyncLifetime
{
    private const int Rows = 300;

    private readonly string _queueName = $"outbox-{Guid.NewGuid():N}"[..30];
    private ApiFactory _api = null!;

    public async ValueTask InitializeAsync()
    {
        _api = await ApiFactory.CreateAsync(services, emulator);
    }

    public async ValueTask DisposeAsync()
    {
        await Queue.DeleteIfExistsAsync();
        await _api.DisposeAsync();
    }

    private QueueClient Queue => new QueueServiceClient(services.Azurite.ConnectionString).GetQueueClient(_queueName);

    [Fact]
    public async Task Two_dispatchers_running_at_once_send_every_row_exactly_once()
    {
        await Queue.CreateAsync(cancellationToken: TestContext.Current.CancellationToken);
        await InsertPendingRowsAsync();
        await using var replicaA = ReplicaWithoutItsDispatcher();
        await using var replicaB = ReplicaWithoutItsDispatcher();
        var first = Dispatcher(replicaA.Services, batchSize: 7);
        var second = Dispatcher(replicaB.Services, batchSize: 7);

        var sent = await Task.WhenAll(Task.Run(() => DrainAsync(first)), Task.Run(() => DrainAsync(second)));

        Assert.Equal(Rows, sent.Sum());
        Assert.Equal(Enumerable.Range(0, Rows), (await ReceiveAllAsync()).Order());
        await using var db = TestDatabases.CreateDbContext(_api.DatabaseConnectionString);
        Assert.Equal(0, await db.OutboxMessages.CountAsync(m => m.DispatchedAt == null, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Rows_claimed_by_a_dispatcher_that_failed_are_sent_by_another_once_its_lease_ends()
    {
        // The queue is missing: the first dispatcher claims its batch, then its first send fails.
        await InsertPendingRowsAsync();
        await using var replica = ReplicaWithoutItsDispatcher();
        var lease = TimeSpan.FromSeconds(2);
        var failing = Dispatcher(replica.Services, batchSize: Rows, lease);
        await Assert.ThrowsAsync<RequestFailedException>(() => failing.DispatchPendingAsync(TestContext.Current.CancellationToken));
        await Queue.CreateAsync(cancellationToken: TestContext.Current.CancellationToken);

        var other = Dispatcher(replica.Services, batchSize: Rows, lease);
        Assert.Equal(0, await other.DispatchPendingAsync(TestContext.Current.CancellationToken));

        var sent = 0;
        await Eventually.UntilAsync(
            async () => (sent = await other.DispatchPendingAsync(TestContext.Current.CancellationToken)) > 0,
            lease + TimeSpan.FromSeconds(30),
            "The failed dispatcher's claim never ran out.");

        Assert.Equal(Rows, sent);
        // Every row arrives. Delivery is at least once (the Worker ignores a copy): under a loaded
        // test run a send the storage client retried has once arrived twice.
        Assert.Equal(Enumerable.Range(0, Rows), (await ReceiveAllAsync()).Distinct().Order());
    }

    /// <summary>An Api replica whose hosted dispatcher is left out: the test's rows are for the dispatchers under test.</summary>
    private WebApplicationFactory<Program> ReplicaWithoutItsDispatcher() =>
        _api.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            foreach (var hosted in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(OutboxDispatcher)).ToList())
            {
                services.Remove(hosted);
            }
        }));

    private static OutboxDispatcher Dispatcher(IServiceProvider services, int batchSize, TimeSpan? lease = null) => new(
        services.GetRequiredService<IServiceScopeFactory>(),
        services.GetRequiredService<OutboxSender>(),
        new OutboxSignal(),
        Options.Create(new OutboxOptions { BatchSize = batchSize, ClaimLease = lease ?? TimeSpan.FromSeconds(30) }),
        NullLogger<OutboxDispatcher>.Instance);

    private static async Task<int> DrainAsync(OutboxDispatcher dispatcher)
    {
        var total = 0;
        int sent;
        while ((sent = await dispatcher.DispatchPendingAsync(TestContext.Current.CancellationToken)) > 0)
        {
            total += sent;
        }

        return total;
    }

    /// <summary>Committed rows that no dispatcher has sent yet.</summary>
    private async Task InsertPendingRowsAsync()
    {
        await using var db = TestDatabases.CreateDbContext(_api.DatabaseConnectionString);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO outbox_messages (queue, payload, created_at)
            SELECT {_queueName}, jsonb_build_object('n', n), now() - interval '1 minute' + n * interval '1 millisecond'
            FROM generate_series(0, {Rows - 1}) AS n
            """, TestContext.Current.CancellationToken);
    }

    private async Task<List<int>> ReceiveAllAsync()
    {
        var numbers = new List<int>();
        while (true)
        {
            var batch = (await Queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken)).Value;
            if (batch.Length == 0)
            {
                return numbers;
            }

            numbers.AddRange(batch.Select(m => (int)System.Text.Json.Nodes.JsonNode.Parse(m.Body.ToString())!["n"]!));
        }
    }
}
