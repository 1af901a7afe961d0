extern alias worker;

using System.Text.Json;
using AIVideo.Core.Media;
using AIVideo.Core.Videos;
using AIVideo.Tests.Support;
using SkiaSharp;
using worker::AIVideo.Worker.Providers;

namespace AIVideo.Tests.Providers;

public sealed class AzureSoraJobsProviderTests() : ProviderTestBase("sora-1", ProviderKinds.AzureSoraJobs, "sora", "/azure-sora/openai/v1/")
{
    private const string Jobs = "/azure-sora/openai/v1/video/generations/jobs";
    private const string Job = Jobs + "/task_01k";
    private const string Generation = "/azure-sora/openai/v1/video/generations/gen_01k";

    private static string JobJson(string status, string failure = "null", string generations = "[]") =>
        $$"""{"object":"video.generation.job","id":"task_01k","status":"{{status}}","created_at":1743620131,"finished_at":null,"expires_at":null,"generations":{{generations}},"prompt":"a cat","model":"sora","n_variants":1,"n_seconds":5,"height":720,"width":1280,"failure_reason":{{failure}}}""";

    [Fact]
    public async Task Text_to_video_posts_json_with_the_preview_api_version()
    {
        Stub.OnJson("POST", Jobs, JobJson("queued"), 201);

        var result = await Provider.SubmitAsync(new ProviderJobRequest(Model, "a cat"), CancellationToken.None);

        Assert.Equal(new ProviderSubmitResult.Accepted("task_01k"), result);
        var request = Assert.Single(Stub.Requests);
        Assert.Equal("?api-version=preview", request.Query);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("sora", body.RootElement.GetProperty("model").GetString());
        Assert.Equal(1280, body.RootElement.GetProperty("width").GetInt32());
        Assert.Equal(720, body.RootElement.GetProperty("height").GetInt32());
        Assert.Equal(5, body.RootElement.GetProperty("n_seconds").GetInt32());
        Assert.Equal(1, body.RootElement.GetProperty("n_variants").GetInt32());
    }

    [Fact]
    public async Task Image_to_video_sends_inpaint_items_as_a_json_string_naming_the_files_part()
    {
        Stub.OnJson("POST", Jobs, JobJson("preprocessing"));
        var image = new ReferenceImage(TestImages.Solid(640, 640, SKColors.Navy, SKEncodedImageFormat.Jpeg), "image/jpeg");

        var result = await Provider.SubmitAsync(new ProviderJobRequest(Model, "a cat", image), CancellationToken.None);

        Assert.IsType<ProviderSubmitResult.Accepted>(result);
        var request = Assert.Single(Stub.Requests);
        using var items = JsonDocument.Parse(request.Fields["inpaint_items"]);
        var item = Assert.Single(items.RootElement.EnumerateArray());
        Assert.Equal(0, item.GetProperty("frame_index").GetInt32());
        Assert.Equal("image", item.GetProperty("type").GetString());
        var file = request.Files["files"];
        Assert.Equal(item.GetProperty("file_name").GetString(), file.FileName);
        var info = ImageInspector.Inspect(file.Content);
        Assert.Equal((1280, 720), (info?.Width, info?.Height));
        Assert.Equal(("1280", "720", "5"), (request.Fields["width"], request.Fields["height"], request.Fields["n_seconds"]));
    }

    [Fact]
    public async Task A_429_on_create_is_rate_limited_with_its_retry_after()
    {
        Stub.OnJson("POST", Jobs, """{"error":{"code":"too_many_requests","message":"Rate limit exceeded."}}""", 429, new Dictionary<string, string> { ["retry-after-ms"] = "2500" });

        var limited = Assert.IsType<ProviderSubmitResult.RateLimited>(await Provider.SubmitAsync(new ProviderJobRequest(Model, "a cat"), CancellationToken.None));
        Assert.Equal(TimeSpan.FromMilliseconds(2500), limited.RetryAfter);
    }

    [Fact]
    public async Task A_5xx_on_create_is_unknown_and_never_retried()
    {
        Stub.OnJson("POST", Jobs, """{"error":{"code":"InternalServerError","message":"Internal error."}}""", 500);

        Assert.IsType<ProviderSubmitResult.Unknown>(await Provider.SubmitAsync(new ProviderJobRequest(Model, "a cat"), CancellationToken.None));
        Assert.Single(Stub.RequestsTo("POST", Jobs));
    }

    [Fact]
    public async Task A_responsible_ai_refusal_on_create_is_content_policy()
    {
        Stub.OnJson("POST", Jobs, """{"error":{"code":"contentFilter","message":"Your task failed as a result of our safety system.","inner_error":{"code":"ResponsibleAIPolicyViolation"}}}""", 400);

        Assert.Equal(
            new ProviderSubmitResult.Rejected(ProviderReasons.ContentPolicy, true),
            await Provider.SubmitAsync(new ProviderJobRequest(Model, "forbidden"), CancellationToken.None));
    }

    [Fact]
    public async Task Malformed_json_on_create_is_unknown()
    {
        Stub.OnJson("POST", Jobs, "{\"id\":");

        Assert.IsType<ProviderSubmitResult.Unknown>(await Provider.SubmitAsync(new ProviderJobRequest(Model, "a cat"), CancellationToken.None));
    }

    [Theory]
    [InlineData("preprocessing")]
    [InlineData("queued")]
    [InlineData("running")]
    [InlineData("processing")]
    public async Task Pending_states_are_running(string status)
    {
        Stub.OnJson("GET", Job, JobJson(status));

        Assert.Equal(new ProviderJobStatus.Running(null), await Provider.GetStatusAsync(Model, "task_01k", CancellationToken.None));
        Assert.Equal("?api-version=preview", Assert.Single(Stub.Requests).Query);
    }

    [Fact]
    public async Task Succeeded_with_a_generation_is_succeeded()
    {
        Stub.OnJson("GET", Job, JobJson("succeeded", generations: """[{"object":"video.generation","id":"gen_01k","job_id":"task_01k","created_at":1743620200,"width":1280,"height":720,"n_seconds":5,"prompt":"a cat"}]"""));

        Assert.IsType<ProviderJobStatus.Succeeded>(await Provider.GetStatusAsync(Model, "task_01k", CancellationToken.None));
    }

    [Theory]
    [InlineData("failed", "\"input_moderation\"", true)]
    [InlineData("failed", "\"internal_error\"", false)]
    [InlineData("cancelled", "null", false)]
    public async Task Failures_tell_content_policy_apart(string status, string failure, bool contentPolicy)
    {
        Stub.OnJson("GET", Job, JobJson(status, failure));

        var failed = Assert.IsType<ProviderJobStatus.Failed>(await Provider.GetStatusAsync(Model, "task_01k", CancellationToken.None));
        Assert.Equal(contentPolicy, failed.IsContentPolicy);
    }

    [Fact]
    public async Task A_5xx_on_status_is_transient()
    {
        Stub.OnJson("GET", Job, """{"error":{"code":"ServiceUnavailable","message":"Try later."}}""", 503);

        Assert.IsType<ProviderJobStatus.TransientError>(await Provider.GetStatusAsync(Model, "task_01k", CancellationToken.None));
    }

    [Fact]
    public async Task Malformed_json_on_status_is_transient()
    {
        Stub.OnJson("GET", Job, """{"status":["succeeded"]}""");

        Assert.IsType<ProviderJobStatus.TransientError>(await Provider.GetStatusAsync(Model, "task_01k", CancellationToken.None));
    }

    [Fact]
    public async Task Download_fetches_the_generation_video_and_thumbnail()
    {
        Stub.OnJson("GET", Job, JobJson("succeeded", generations: """[{"id":"gen_01k"}]"""));
        Stub.On("GET", Generation + "/content/video", ProviderSamples.Video);
        Stub.On("GET", Generation + "/content/thumbnail", new StubResponse(200, string.Empty, "image/jpeg") { Bytes = TestImages.Solid(32, 18, SKColors.Blue, SKEncodedImageFormat.Jpeg) });

        var downloaded = Assert.IsType<ProviderDownloadResult.Downloaded>(await Provider.DownloadAsync(Model, "task_01k", CancellationToken.None));
        await using var output = downloaded.Output;
        Assert.Equal("video/mp4", output.Video.ContentType);
        Assert.Equal("image/jpeg", output.Thumbnail?.ContentType);
        Assert.All(Stub.Requests, r => Assert.Equal("?api-version=preview", r.Query));
    }

    [Fact]
    public async Task A_json_body_from_the_content_endpoint_is_not_a_video()
    {
        Stub.OnJson("GET", Job, JobJson("succeeded", generations: """[{"id":"gen_01k"}]"""));
        Stub.On("GET", Generation + "/content/video", ProviderSamples.JsonAsContent);

        Assert.IsType<ProviderDownloadResult.Failed>(await Provider.DownloadAsync(Model, "task_01k", CancellationToken.None));
    }
}
