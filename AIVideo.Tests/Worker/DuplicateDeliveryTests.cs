using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using AIVideo.Core.Data.Entities;
using AIVideo.Core.Media;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace AIVideo.Tests.Worker;

/// <summary>
/// The queue delivers at least once: an outbox resend, a redelivery after a visibility timeout or a
/// step repeated after a crash puts copies of a message in it. However many copies of the message
/// of any step (submit, poll, finish) reach two Workers at once, the video ends with one outcome:
/// one provider job, one charge, one set of media that answers 200, one <c>completed</c> event, and
/// no copy left going round.
/// </summary>
public sealed class DuplicateDeliveryTests(TestServices services, EmulatorServer emulator) : PipelineTestBase(services, emulator)
{
    private const int Copies = 6;

    // Short leases, so copies told to wait for a holder do not wait long; room for every copy at once.
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["VideoJobs:Concurrency"] = "8",
        ["VideoJobs:VisibilityTimeout"] = "00:00:06",
        ["VideoJobs:RecheckDelay"] = "00:00:00.200",
    };

    [Fact]
    public async Task Copies_of_the_submit_message_submit_one_provider_job()
    {
        var run = await StartRunAsync("A cinematic product showcase");
        await StopWorkersAsync();
        var id = await GenerateAsync(run.User, new { prompt = run.Prompt });

        await SendCopiesAsync(id, step: 0);
        StartWorkers(2);

        await AssertOneOutcomeAsync(run, id);
    }

    [Fact]
    public async Task Copies_of_a_poll_message_while_the_job_runs_finish_it_once()
    {
        var run = await StartRunAsync("A cinematic product showcase [emulator:slow]");
        var id = await GenerateAsync(run.User, new { prompt = run.Prompt });
        var step = await StopWhenSubmittedAsync(id);

        // The Worker's own next poll and every copy find the job running, and poll it until it is done.
        await SendCopiesAsync(id, step);
        StartWorkers(2);

        await AssertOneOutcomeAsync(run, id);
    }

    [Fact]
    public async Task Copies_of_the_message_that_finishes_the_job_store_one_set_of_media()
    {
        var run = await StartRunAsync("A cinematic product showcase");
        var id = await GenerateAsync(run.User, new { prompt = run.Prompt });
        var step = await StopWhenSubmittedAsync(id);
        await Eventually.UntilAsync(() => Task.FromResult(Emulator!.JobsFinishedWith(run.Prompt)), TimeSpan.FromSeconds(30), "The provider job never finished.");

        // Every copy, and the Worker's own next poll, finds the provider job done and goes to download it.
        await SendCopiesAsync(id, step);
        StartWorkers(2);

        await AssertOneOutcomeAsync(run, id);
    }

    /// <summary>A user whose id no other test class uses (blob names start with it) and a subscription to their events.</summary>
    private async Task<Run> StartRunAsync(string prompt)
    {
        await using (var db = TestDatabases.CreateDbContext(Api.DatabaseConnectionString))
        {
            long start = Random.Shared.Next(1_000_000, 2_000_000_000);
            await db.Database.ExecuteSqlAsync($"SELECT setval('users_id_seq', {start})", TestContext.Current.CancellationToken);
        }

        var user = await Client.SignInAsDevAsync($"{Guid.NewGuid():N}@example.com");
        var userId = (long)(await (await Client.GetAsync("/api/v1/auth/me", user.AccessToken)).ReadJsonAsync())["id"]!;
        var events = new ConcurrentQueue<JsonObject>();
        var redis = await ConnectionMultiplexer.ConnectAsync(Services.Redis.ConnectionString);
        await redis.GetSubscriber().SubscribeAsync(AIVideo.Core.Videos.VideoEvents.ChannelFor(userId), (_, message) =>
            events.Enqueue(JsonNode.Parse(message.ToString())!.AsObject()));
        return new Run(user, userId, $"{prompt} {Guid.NewGuid():N}", events, redis);
    }

    /// <summary>Stops the Worker once the provider has accepted the job; returns the step the video then waits at.</summary>
    private async Task<int> StopWhenSubmittedAsync(long id)
    {
        await WaitUntilSubmittedAsync(id);
        await StopWorkersAsync();
        await using var check = TestDatabases.CreateDbContext(Api.DatabaseConnectionString);
        return await check.Videos.Where(v => v.Id == id).Select(v => v.JobStep).SingleAsync(TestContext.Current.CancellationToken);
    }

    private async Task SendCopiesAsync(long id, int step)
    {
        var queue = Queue(JobsQueueName);
        await Task.WhenAll(Enumerable.Range(0, Copies).Select(_ =>
            queue.SendMessageAsync($$"""{"video_id":{{id}},"attempt":1,"step":{{step}},"traceparent":null}""", TestContext.Current.CancellationToken)));
    }

    private async Task AssertOneOutcomeAsync(Run run, long id)
    {
        await using var redis = run.Redis;
        var video = await WaitUntilFinishedAsync(run.User, id);
        Assert.Equal("completed", (string?)video["status"]);

        // Copies waiting for a holder come back once more and find nothing left to do.
        await WaitUntilQueueIsEmptyAsync(Queue(JobsQueueName));
        Assert.Equal(1, Emulator!.JobsCreatedWith(run.Prompt));

        await using var db = TestDatabases.CreateDbContext(Api.DatabaseConnectionString);
        var ledger = await db.CreditTransactions.Where(t => t.VideoId == id).Select(t => t.Reason).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal([CreditReason.GenerationCharge], ledger);

        // One set of media, the one the video points at: copies that lost deleted what they wrote.
        var row = await db.Videos.AsNoTracking().SingleAsync(v => v.Id == id, TestContext.Current.CancellationToken);
        var blobs = new BlobServiceClient(Services.Azurite.ConnectionString);
        var prefix = $"user_{run.UserId}/{id}/";
        Assert.Equal([row.VideoBlob], await BlobNamesAsync(blobs, MediaContainers.Videos, prefix));
        Assert.Equal([row.PosterBlob], await BlobNamesAsync(blobs, MediaContainers.Posters, prefix));
        using var browser = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync((string)video["video_url"]!, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync((string)video["poster_url"]!, TestContext.Current.CancellationToken)).StatusCode);

        Assert.Single(run.Events, e => (string?)e["video"]!["status"] == "completed");
        Assert.DoesNotContain(run.Events, e => (string?)e["video"]!["status"] == "failed");
    }

    private static async Task<List<string?>> BlobNamesAsync(BlobServiceClient blobs, string container, string prefix)
    {
        var names = new List<string?>();
        await foreach (var blob in blobs.GetBlobContainerClient(container).GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, TestContext.Current.CancellationToken))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    private sealed record Run(SignedIn User, long UserId, string Prompt, ConcurrentQueue<JsonObject> Events, ConnectionMultiplexer Redis);
}
