using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using AIVideo.Core.Data.Entities;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Azure.Storage.Queues;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;

namespace AIVideo.Tests.Worker;

/// <summary>
/// End to end: the Api queues a job, the Worker (in process) drives the Emulator's provider API
/// over HTTP, copies the real MP4 and poster into Azurite, and the Api then serves signed URLs.
/// </summary>
public sealed class PipelineTests(TestServices services, EmulatorServer emulator) : ApiTestBase(services, emulator)
{
    private readonly string _jobsQueue = $"jobs-{Guid.NewGuid():N}"[..30];
    private readonly string _poisonQueue = $"poison-{Guid.NewGuid():N}"[..30];
    private WorkerFactory _worker = null!;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["VideoQueues:Jobs"] = _jobsQueue,
        ["VideoQueues:Poison"] = _poisonQueue,
        ["VideoJobs:IdleDelay"] = "00:00:00.200",
        ["VideoJobs:PollInterval"] = "00:00:00.500",
        ["VideoJobs:MaxPollInterval"] = "00:00:01",
    };

    public override async ValueTask InitializeAsync()
    {
        var queues = new QueueServiceClient(Services.Azurite.ConnectionString);
        await queues.CreateQueueAsync(_jobsQueue, cancellationToken: TestContext.Current.CancellationToken);
        await queues.CreateQueueAsync(_poisonQueue, cancellationToken: TestContext.Current.CancellationToken);
        await base.InitializeAsync();
        _worker = new WorkerFactory(Services, Api.DatabaseConnectionString, Emulator!, Settings);
        _worker.StartServer();
    }

    public override async ValueTask DisposeAsync()
    {
        await _worker.DisposeAsync();
        await base.DisposeAsync();
        var queues = new QueueServiceClient(Services.Azurite.ConnectionString);
        await queues.DeleteQueueAsync(_jobsQueue);
        await queues.DeleteQueueAsync(_poisonQueue);
    }

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
    [InlineData("[emulator:fail]", "Video generation failed. Please try again.")]
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

        var queue = new QueueServiceClient(Services.Azurite.ConnectionString).GetQueueClient(_jobsQueue);
        await queue.SendMessageAsync($$"""{"video_id":{{id}},"attempt":1,"traceparent":null}""", TestContext.Current.CancellationToken);
        await queue.SendMessageAsync($$"""{"video_id":{{id}},"attempt":7,"traceparent":null}""", TestContext.Current.CancellationToken);
        await WaitUntilQueueIsEmptyAsync(queue);

        var after = await (await Client.GetAsync($"/api/v1/videos/{id}", user.AccessToken)).ReadJsonAsync();
        Assert.Equal("completed", (string?)after["status"]);
        Assert.Equal((string?)finished["updated_at"], (string?)after["updated_at"]);
        await using var db = TestDatabases.CreateDbContext(Api.DatabaseConnectionString);
        Assert.Equal(1, await db.CreditTransactions.CountAsync(t => t.VideoId == id, TestContext.Current.CancellationToken));
    }

    private async Task<string> UploadReferenceAsync(SignedIn user)
    {
        var file = new ByteArrayContent(TestImages.Solid(640, 480, SKColors.Crimson));
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var form = new MultipartFormDataContent { { file, "file", "sneaker.png" } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/upload/image") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (string)(await response.ReadJsonAsync())["file_path"]!;
    }

    private async Task<long> GenerateAsync(SignedIn user, object body)
    {
        var response = await Client.SendAsync(HttpMethod.Post, "/api/v1/videos/generate", user.AccessToken, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (long)(await response.ReadJsonAsync())["id"]!;
    }

    private async Task<System.Text.Json.Nodes.JsonObject> WaitUntilFinishedAsync(SignedIn user, long id)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var video = await (await Client.GetAsync($"/api/v1/videos/{id}", user.AccessToken)).ReadJsonAsync();
            if ((string?)video["status"] is "completed" or "failed")
            {
                return video;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"Video {id} still {(string?)video["status"]} after 90 s.");
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }

    private static async Task WaitUntilQueueIsEmptyAsync(QueueClient queue)
    {
        var clock = Stopwatch.StartNew();
        while ((await queue.GetPropertiesAsync(TestContext.Current.CancellationToken)).Value.ApproximateMessagesCount > 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "The Worker left messages in the queue.");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        // The last message may still be in flight: give the Worker a moment to finish it.
        await Task.Delay(1000, TestContext.Current.CancellationToken);
    }

    private static async Task<string> ProbeCodecAsync(byte[] mp4)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.mp4");
        await File.WriteAllBytesAsync(path, mp4, TestContext.Current.CancellationToken);
        try
        {
            var start = new ProcessStartInfo("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name", "-of", "csv=p=0", path])
            {
                RedirectStandardOutput = true,
            };
            using var process = Process.Start(start)!;
            var codec = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            return codec.Trim();
        }
        finally
        {
            File.Delete(path);
        }
    }
}
