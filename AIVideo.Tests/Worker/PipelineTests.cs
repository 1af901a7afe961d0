using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using AIVideo.Core.Data.Entities;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace AIVideo.Tests.Worker;

public sealed class PipelineTests(TestServices services, EmulatorServer emulator) : PipelineTestBase(services, emulator)
{
    [Theory]
    [InlineData("sora-2")]
    [InlineData("sora-1")]
    [InlineData("runway-gen3")]
    public async Task Each_model_completes_with_a_playable_video_and_a_poster(string model)
    {
        var user = await Client.SignInAsDevAsync($"{model}@example.com");
        var reference = await UploadReferenceAsync(user);

        var id = await GenerateAsync(user, new { prompt = "A cinematic product showcase of a red sneaker", model, reference_image_url = reference });
        var video = await WaitUntilFinishedAsync(user, id);

        Assert.Equal("completed", (string?)video["status"]);
        Assert.Equal(100, (int)video["progress"]!);
        Assert.NotNull((int?)video["duration"]);
        Assert.Matches("^[0-9]+x[0-9]+$", (string?)video["resolution"]);
        using var browser = new HttpClient();
        var mp4 = await browser.GetAsync((string)video["video_url"]!, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, mp4.StatusCode);
        Assert.Equal("h264", await ProbeCodecAsync(await mp4.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)));
        var poster = await browser.GetAsync((string)video["poster_url"]!, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, poster.StatusCode);
        Assert.Equal(SKEncodedImageFormat.Jpeg, TestImages.EncodedFormat(await poster.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)));
        Assert.Equal("90.0", (await (await Client.GetAsync("/api/v1/users/credits", user.AccessToken)).ReadJsonAsync())["credits"]!.ToJsonString());
    }

    [Theory]
    [InlineData("[emulator:fail]", "The provider failed to generate the video.")]
    [InlineData("[emulator:moderation]", "The prompt was refused by the provider's content policy.")]
    public async Task A_provider_failure_fails_the_video_and_refunds_it_once(string scenario, string reason)
    {
        var user = await Client.SignInAsDevAsync($"{Guid.NewGuid():N}@example.com");

        var id = await GenerateAsync(user, new { prompt = $"A cinematic product showcase {scenario}" });
        var video = await WaitUntilFinishedAsync(user, id);

        Assert.Equal("failed", (string?)video["status"]);
        Assert.Equal(reason, (string?)video["error_message"]);
        Assert.Equal("100.0", (await (await Client.GetAsync("/api/v1/users/credits", user.AccessToken)).ReadJsonAsync())["credits"]!.ToJsonString());
        await using var db = TestDatabases.CreateDbContext(Api.DatabaseConnectionString);
        Assert.Equal(1, await db.CreditTransactions.CountAsync(t => t.VideoId == id && t.Reason == CreditReason.GenerationRefund, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_duplicated_or_stale_message_changes_nothing()
    {
        var user = await Client.SignInAsDevAsync("dup@example.com");
        var id = await GenerateAsync(user, new { prompt = "A cinematic product showcase" });
        var finished = await WaitUntilFinishedAsync(user, id);
        Assert.Equal("completed", (string?)finished["status"]);

        var queue = Queue(JobsQueueName);
        await queue.SendMessageAsync($$"""{"video_id":{{id}},"attempt":1,"traceparent":null}""", TestContext.Current.CancellationToken);
        await queue.SendMessageAsync($$"""{"video_id":{{id}},"attempt":7,"traceparent":null}""", TestContext.Current.CancellationToken);
        await WaitUntilQueueIsEmptyAsync(queue);

        var after = await (await Client.GetAsync($"/api/v1/videos/{id}", user.AccessToken)).ReadJsonAsync();
        Assert.Equal("completed", (string?)after["status"]);
        Assert.Equal((string?)finished["updated_at"], (string?)after["updated_at"]);
        await using var db = TestDatabases.CreateDbContext(Api.DatabaseConnectionString);
        Assert.Equal(1, await db.CreditTransactions.CountAsync(t => t.VideoId == id, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Every_change_is_published_on_the_users_channel_with_the_full_video()
    {
        var user = await Client.SignInAsDevAsync("events@example.com");
        var userId = (long)(await (await Client.GetAsync("/api/v1/auth/me", user.AccessToken)).ReadJsonAsync())["id"]!;
        var received = new ConcurrentQueue<System.Text.Json.Nodes.JsonObject>();
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(Services.Redis.ConnectionString);
        await redis.GetSubscriber().SubscribeAsync(AIVideo.Core.Videos.VideoEvents.ChannelFor(userId), (_, message) =>
            received.Enqueue(System.Text.Json.Nodes.JsonNode.Parse(message.ToString())!.AsObject()));

        var id = await GenerateAsync(user, new { prompt = "A cinematic product showcase" });
        await WaitUntilFinishedAsync(user, id);

        // The Worker publishes just after the status update commits: wait for the last event.
        await Eventually.UntilAsync(
            () => Task.FromResult(received.Any(e => (string?)e["video"]!["status"] == "completed")),
            TimeSpan.FromSeconds(10),
            "The completed video was never published.");

        var events = received.ToList();
        Assert.All(events, e => Assert.Equal("video.updated", (string?)e["type"]));
        Assert.All(events, e => Assert.Equal(id, (long)e["video"]!["id"]!));
        var statuses = events.Select(e => (string?)e["video"]!["status"]).ToList();
        // "pending" from the Api when the video is created, then every change the Worker makes.
        Assert.Equal(["pending", "processing"], statuses.Take(2));
        Assert.Equal("completed", statuses.Last());
        Assert.StartsWith("http", (string?)events.Last()["video"]!["video_url"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[emulator:429]")]
    [InlineData("[emulator:500]")]
    public async Task A_transient_provider_fault_is_retried_and_the_video_completes_charged_once(string scenario)
    {
        var user = await Client.SignInAsDevAsync($"{Guid.NewGuid():N}@example.com");

        var id = await GenerateAsync(user, new { prompt = $"A cinematic product showcase {scenario} {Guid.NewGuid():N}" });
        var video = await WaitUntilFinishedAsync(user, id);

        Assert.Equal("completed", (string?)video["status"]);
        Assert.Equal("90.0", (await (await Client.GetAsync("/api/v1/users/credits", user.AccessToken)).ReadJsonAsync())["credits"]!.ToJsonString());
    }

    [Fact]
    public async Task Deleting_a_processing_video_cancels_its_provider_job()
    {
        var user = await Client.SignInAsDevAsync("cancel@example.com");
        var id = await GenerateAsync(user, new { prompt = "A cinematic product showcase [emulator:slow]" });
        var providerJobId = await Eventually.GetAsync(
            async () =>
            {
                await using var db = TestDatabases.CreateDbContext(Api.DatabaseConnectionString);
                return await db.Videos.Where(v => v.Id == id).Select(v => v.ProviderJobId).SingleAsync(TestContext.Current.CancellationToken);
            },
            TimeSpan.FromSeconds(30),
            "The Worker never submitted the job.");

        Assert.Equal(HttpStatusCode.NoContent, (await Client.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{id}", user.AccessToken)).StatusCode);

        using var provider = new HttpClient { BaseAddress = Emulator!.BaseAddress };
        provider.DefaultRequestHeaders.Authorization = new("Bearer", "emulator");
        await Eventually.UntilAsync(
            async () => (await provider.GetAsync(new Uri($"/openai/v1/videos/{providerJobId}", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode == HttpStatusCode.NotFound,
            TimeSpan.FromSeconds(30),
            "The provider job was never cancelled.");

        Assert.Equal("100.0", (await (await Client.GetAsync("/api/v1/users/credits", user.AccessToken)).ReadJsonAsync())["credits"]!.ToJsonString());
    }

    [Fact]
    public async Task The_pipeline_records_its_metrics()
    {
        // Other tests' Workers share the process: listen only to this test's Worker meter (its
        // factory hands back the same Meter for the same name).
        var workerMeter = WorkerServices.GetRequiredService<IMeterFactory>().Create("AIVideo.Worker");
        var measurements = new ConcurrentBag<(string Instrument, double Value, string? Outcome)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, meters) =>
            {
                if (ReferenceEquals(instrument.Meter, workerMeter))
                {
                    meters.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => measurements.Add((instrument.Name, value, Outcome(tags))));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => measurements.Add((instrument.Name, value, Outcome(tags))));
        listener.Start();
        var user = await Client.SignInAsDevAsync("metrics@example.com");

        var id = await GenerateAsync(user, new { prompt = "A cinematic product showcase" });
        await WaitUntilFinishedAsync(user, id);

        // The Worker records the outcome just after the status update commits, so the Api can
        // report "completed" a moment before the measurement exists.
        await Eventually.UntilAsync(
            () => Task.FromResult(measurements.Any(m => m is { Instrument: "aivideo.video_jobs.finished", Outcome: "completed" })),
            TimeSpan.FromSeconds(10),
            "The finished job was never counted.");

        Assert.Contains(measurements, m => m.Instrument == "aivideo.video_jobs.generation.duration" && m.Value > 0);
        Assert.Contains(measurements, m => m.Instrument == "aivideo.video_jobs.pickup.latency");

        static string? Outcome(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "outcome")
                {
                    return tag.Value as string;
                }
            }

            return null;
        }
    }
}
