using System.Diagnostics;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Npgsql;
using StackExchange.Redis;

namespace AIVideo.Tests.Infrastructure;

public sealed class TestServicesTests(TestServices services)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Postgres_answers_a_query()
    {
        Assert.Equal(1, await SelectOneAsync(services.Postgres.AdminConnectionString));
    }

    [Fact]
    public async Task Postgres_creates_a_database_from_a_template()
    {
        var postgres = services.Postgres;
        var templateConnectionString = await postgres.CreateDatabaseAsync();
        var template = new NpgsqlConnectionStringBuilder(templateConnectionString).Database!;
        await ExecuteAsync(templateConnectionString, "CREATE TABLE greeting (text text); INSERT INTO greeting VALUES ('hello')");

        var copyConnectionString = await postgres.CreateDatabaseAsync(template);

        Assert.NotEqual(template, new NpgsqlConnectionStringBuilder(copyConnectionString).Database);
        await using (var connection = await OpenAsync(copyConnectionString))
        await using (var command = new NpgsqlCommand("SELECT text FROM greeting", connection))
        {
            Assert.Equal("hello", await command.ExecuteScalarAsync(Cancellation));
        }

        await postgres.DropDatabaseAsync(new NpgsqlConnectionStringBuilder(copyConnectionString).Database!);
        await postgres.DropDatabaseAsync(template);
        await Assert.ThrowsAsync<PostgresException>(() => SelectOneAsync(copyConnectionString));
    }

    [Fact]
    public async Task Postgres_refuses_connections_while_stopped_and_serves_again_after_start()
    {
        // Its own server: stopping the shared one would fail the tests running alongside.
        await using var postgres = await PostgresServer.CreateAsync();
        Assert.SkipUnless(postgres.CanStopAndStart, $"{PostgresServer.EnvironmentVariable} names a server the tests may not stop.");
        var connectionString = postgres.AdminConnectionString;
        Assert.Equal(1, await SelectOneAsync(connectionString));

        await postgres.StopAsync();
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => SelectOneAsync(connectionString));

        await postgres.StartAsync();
        Assert.Equal(1, await SelectOneAsync(connectionString));
    }

    [Fact]
    public async Task Redis_answers_ping()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(services.Redis.ConnectionString);

        var reply = await redis.GetDatabase().ExecuteAsync("PING");

        Assert.Equal("PONG", reply.ToString());
    }

    [Fact]
    public async Task Azurite_creates_a_container_and_round_trips_a_queue_message()
    {
        var name = $"test-{Guid.NewGuid():N}";
        var container = new BlobContainerClient(services.Azurite.ConnectionString, name);
        var queue = new QueueClient(services.Azurite.ConnectionString, name);

        await container.CreateAsync(cancellationToken: Cancellation);
        await queue.CreateAsync(cancellationToken: Cancellation);
        await queue.SendMessageAsync("hello", Cancellation);
        var received = await queue.ReceiveMessageAsync(cancellationToken: Cancellation);

        Assert.True((await container.ExistsAsync(Cancellation)).Value);
        Assert.Equal("hello", received.Value.MessageText);
    }

    [Fact]
    public void A_missing_program_is_reported_with_how_to_install_it()
    {
        var error = Assert.Throws<InvalidOperationException>(
            () => ExternalProcess.Start("no-such-server", new ProcessStartInfo("aivideo-no-such-server"), "install it somehow"));

        Assert.Contains("no-such-server not found", error.Message, StringComparison.Ordinal);
        Assert.Contains("install it somehow", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_exits_before_listening_is_reported_with_its_output()
    {
        await using var process = ExternalProcess.Start(
            "failing-server", new ProcessStartInfo("sh", ["-c", "echo port already in use >&2; exit 3"]), "n/a");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => process.WaitForPortAsync(FreeTcpPort.Next(), TimeSpan.FromSeconds(10)));

        Assert.Contains("exited with code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("port already in use", error.Message, StringComparison.Ordinal);
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Cancellation);
        return connection;
    }

    private static async Task<int> SelectOneAsync(string connectionString)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        return (int)(await command.ExecuteScalarAsync(Cancellation))!;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Cancellation);
    }
}
