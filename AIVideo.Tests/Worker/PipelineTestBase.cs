using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
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
public abstract class PipelineTestBase(TestServices services, EmulatorServer emulator) : ApiTestBase(services, emulator)
{
    private readonly string _jobsQueue = $"jobs-{Guid.NewGuid():N}"[..30];
    private readonly string _poisonQueue = $"poison-{Guid.NewGuid():N}"[..30];
    private readonly List<WorkerFactory> _workers = [];

    /// <summary>The in-process Worker's services (its meter factory, for one).</summary>
    protected IServiceProvider WorkerServices => _workers[0].Services;

    /// <summary>Worker settings on top of the fast test pacing.</summary>
    protected virtual IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(ExtraSettings)
    {
        ["VideoQueues:Jobs"] = _jobsQueue,
        ["VideoQueues:Poison"] = _poisonQueue,
        ["VideoJobs:IdleDelay"] = "00:00:00.200",
        ["VideoJobs:PollInterval"] = "00:00:00.500",
        ["VideoJobs:PollIntervals:openai-videos"] = "00:00:00.500",
        ["VideoJobs:PollIntervals:azure-sora-jobs"] = "00:00:00.500",
        ["VideoJobs:PollIntervals:runway"] = "00:00:00.500",
        ["VideoJobs:MaxPollInterval"] = "00:00:01",
    };

    public override async ValueTask InitializeAsync()
    {
        var queues = new QueueServiceClient(Services.Azurite.ConnectionString);
        await queues.CreateQueueAsync(_jobsQueue, cancellationToken: TestContext.Current.CancellationToken);
        await queues.CreateQueueAsync(_poisonQueue, cancellationToken: TestContext.Current.CancellationToken);
        await base.InitializeAsync();
        StartWorkers(1);
    }

    public override async ValueTask DisposeAsync()
    {
        await StopWorkersAsync();
        await base.DisposeAsync();
        var queues = new QueueServiceClient(Services.Azurite.ConnectionString);
        await queues.DeleteQueueAsync(_jobsQueue);
        await queues.DeleteQueueAsync(_poisonQueue);
        GC.SuppressFinalize(this);
    }

    protected async Task<string> UploadReferenceAsync(SignedIn user)
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

    protected async Task<long> GenerateAsync(SignedIn user, object body)
    {
        var response = await Client.SendAsync(HttpMethod.Post, "/api/v1/videos/generate", user.AccessToken, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (long)(await response.ReadJsonAsync())["id"]!;
    }

    protected async Task<System.Text.Json.Nodes.JsonObject> WaitUntilFinishedAsync(SignedIn user, long id)
    {
        string? status = null;
        return await Eventually.GetAsync(
            async () =>
            {
                var video = await (await Client.GetAsync($"/api/v1/videos/{id}", user.AccessToken)).ReadJsonAsync();
                status = (string?)video["status"];
                return status is "completed" or "failed" ? video : null;
            },
            TimeSpan.FromSeconds(90),
            $"Video {id} never finished (last status: {status})");
    }

    /// <summary>Waits until the provider has accepted the video's job (its id is recorded).</summary>
    protected async Task WaitUntilSubmittedAsync(long id) => await Eventually.UntilAsync(
        async () =>
        {
            await using var db = TestDatabases.CreateDbContext(Api.DatabaseConnectionString);
            return await db.Videos.AnyAsync(v => v.Id == id && v.ProviderJobId != null, TestContext.Current.CancellationToken);
        },
        TimeSpan.FromSeconds(30),
        "The Worker never submitted the job.");

    protected static async Task WaitUntilQueueIsEmptyAsync(QueueClient queue)
    {
        await Eventually.UntilAsync(
            async () => (await queue.GetPropertiesAsync(TestContext.Current.CancellationToken)).Value.ApproximateMessagesCount == 0,
            TimeSpan.FromSeconds(30),
            "The Worker left messages in the queue.");

        // Nothing is left in flight either: the queue counts a message being handled (it is only
        // invisible), and the Worker deletes it after its handling, follow-up and events included.
    }

    protected static async Task<string> ProbeCodecAsync(byte[] mp4)
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

    /// <summary>Stops the Worker as a deployment or a crash would, and starts a fresh one.</summary>
    protected async Task RestartWorkerAsync()
    {
        await StopWorkersAsync();
        StartWorkers(1);
    }

    /// <summary>Starts Workers (in process, each with its own host) that share the queue.</summary>
    protected void StartWorkers(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var worker = new WorkerFactory(Services, Api.DatabaseConnectionString, Emulator!, Settings);
            worker.StartServer();
            _workers.Add(worker);
        }
    }

    protected async Task StopWorkersAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }

        _workers.Clear();
    }

    protected QueueClient Queue(string name) => new QueueServiceClient(Services.Azurite.ConnectionString).GetQueueClient(name);

    protected string JobsQueueName => _jobsQueue;

    protected string PoisonQueueName => _poisonQueue;
}
