extern alias worker;

using System.Text.Json;
using AIVideo.Core.Media;
using AIVideo.Core.Videos;
using AIVideo.Tests.Support;
using SkiaSharp;
using worker::AIVideo.Worker.Providers;

namespace AIVideo.Tests.Providers;

public sealed class RunwayProviderTests() : ProviderTestBase("runway-gen3", ProviderKinds.Runway, "gen3a_turbo", "/runway/", new() { ["VideoProviders:runway:ApiKey"] = "key_test" })
{
    private const string ImageToVideo = "/runway/v1/image_to_video";
    private const string Task = "/runway/v1/tasks/17f20503-6c24-4c16-946b-35dbbce2af2f";
    private const string TaskId = "17f20503-6c24-4c16-946b-35dbbce2af2f";

    private static ReferenceImage Image => new(TestImages.Solid(1024, 1024, SKColors.Olive), "image/png");

    private static string TaskJson(string status, string extra = "") =>
        $$"""{"id":"{{TaskId}}","status":"{{status}}","createdAt":"2024-06-27T19:49:32.334Z"{{extra}}}""";

    [Theory]
    [InlineData("gen3a_turbo", 1280, 768)]
    [InlineData("gen4_turbo", 1280, 720)]
    public async Task Submit_sends_the_version_header_and_a_data_uri_of_the_frame_size(string providerModel, int width, int height)
    {
        var model = ProviderSamples.Model(Model.Id, ProviderKinds.Runway, providerModel, Stub.Url("/runway/"));
        Stub.OnJson("POST", ImageToVideo, $$"""{"id":"{{TaskId}}"}""");

        var result = await Host.For(model).SubmitAsync(new ProviderJobRequest(model, new string('a', 1500), Image), CancellationToken.None);

        Assert.Equal(new ProviderSubmitResult.Accepted(TaskId), result);
        var request = Assert.Single(Stub.Requests);
        Assert.Equal("2024-11-06", request.Headers["X-Runway-Version"]);
        Assert.Equal("Bearer key_test", request.Headers["Authorization"]);
        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        Assert.Equal(providerModel, root.GetProperty("model").GetString());
        Assert.Equal($"{width}:{height}", root.GetProperty("ratio").GetString());
        Assert.Equal(5, root.GetProperty("duration").GetInt32());
        Assert.Equal(1000, root.GetProperty("promptText").GetString()!.Length);
        var promptImage = root.GetProperty("promptImage").GetString()!;
        Assert.StartsWith("data:image/jpeg;base64,", promptImage, StringComparison.Ordinal);
        Assert.True(promptImage.Length <= 5 * 1024 * 1024);
        var info = ImageInspector.Inspect(Convert.FromBase64String(promptImage["data:image/jpeg;base64,".Length..]));
        Assert.Equal((ImageFormat.Jpeg, width, height), (info?.Format, info?.Width, info?.Height));
    }

    [Fact]
    public async Task Submit_without_an_image_is_rejected_without_calling_the_provider()
    {
        Assert.Equal(
            new ProviderSubmitResult.Rejected(ProviderReasons.ReferenceImageRequired, false),
            await Provider.SubmitAsync(new ProviderJobRequest(Model, "a cat"), CancellationToken.None));
        Assert.Empty(Stub.Requests);
    }

    [Fact]
    public async Task A_429_on_create_is_rate_limited()
    {
        Stub.OnJson("POST", ImageToVideo, """{"error":"Too many requests"}""", 429);

        var limited = Assert.IsType<ProviderSubmitResult.RateLimited>(await Provider.SubmitAsync(new ProviderJobRequest(Model, "a cat", Image), CancellationToken.None));
        Assert.True(limited.RetryAfter > TimeSpan.Zero);
        Assert.Single(Stub.Requests);
    }

    [Fact]
    public async Task A_5xx_on_create_is_unknown_and_never_retried()
    {
        Stub.OnJson("POST", ImageToVideo, """{"error":"Internal server error"}""", 502);

        Assert.IsType<ProviderSubmitResult.Unknown>(await Provider.SubmitAsync(new ProviderJobRequest(Model, "a cat", Image), CancellationToken.None));
        Assert.Single(Stub.RequestsTo("POST", ImageToVideo));
    }

    [Fact]
    public async Task A_400_on_create_is_rejected_in_our_words()
    {
        Stub.OnJson("POST", ImageToVideo, """{"error":"promptImage: Invalid asset aspect ratio."}""", 400);

        var rejected = Assert.IsType<ProviderSubmitResult.Rejected>(await Provider.SubmitAsync(new ProviderJobRequest(Model, "a cat", Image), CancellationToken.None));
        Assert.Equal(ProviderReasons.InvalidRequest, rejected.Reason);
    }

    [Fact]
    public async Task Malformed_json_on_create_is_unknown()
    {
        Stub.OnJson("POST", ImageToVideo, "not json");

        Assert.IsType<ProviderSubmitResult.Unknown>(await Provider.SubmitAsync(new ProviderJobRequest(Model, "a cat", Image), CancellationToken.None));
    }

    [Theory]
    [InlineData("PENDING", "", null)]
    [InlineData("THROTTLED", "", null)]
    [InlineData("RUNNING", ",\"progress\":0.37", 37)]
    public async Task Pending_throttled_and_running_are_running(string status, string extra, int? progress)
    {
        Stub.OnJson("GET", Task, TaskJson(status, extra));

        Assert.Equal(new ProviderJobStatus.Running(progress), await Provider.GetStatusAsync(Model, TaskId, CancellationToken.None));
        Assert.Equal("2024-11-06", Assert.Single(Stub.Requests).Headers["X-Runway-Version"]);
    }

    [Fact]
    public async Task Succeeded_with_an_output_is_succeeded()
    {
        Stub.OnJson("GET", Task, TaskJson("SUCCEEDED", ",\"output\":[\"https://dnznrvs05pmza.cloudfront.net/out.mp4?_jwt=abc\"]"));

        Assert.IsType<ProviderJobStatus.Succeeded>(await Provider.GetStatusAsync(Model, TaskId, CancellationToken.None));
    }

    [Theory]
    [InlineData("FAILED", "SAFETY.INPUT.IMAGE", true)]
    [InlineData("FAILED", "INTERNAL.BAD_OUTPUT.CODE01", false)]
    [InlineData("CANCELLED", "", false)]
    public async Task Failures_tell_content_policy_apart(string status, string failureCode, bool contentPolicy)
    {
        Stub.OnJson("GET", Task, TaskJson(status, $",\"failure\":\"The task failed.\",\"failureCode\":\"{failureCode}\""));

        var failed = Assert.IsType<ProviderJobStatus.Failed>(await Provider.GetStatusAsync(Model, TaskId, CancellationToken.None));
        Assert.Equal(contentPolicy, failed.IsContentPolicy);
    }

    [Fact]
    public async Task A_5xx_on_status_is_transient()
    {
        Stub.OnJson("GET", Task, """{"error":"Internal server error"}""", 500);

        Assert.IsType<ProviderJobStatus.TransientError>(await Provider.GetStatusAsync(Model, TaskId, CancellationToken.None));
    }

    [Fact]
    public async Task Malformed_json_on_status_is_transient()
    {
        Stub.OnJson("GET", Task, "{\"status\":");

        Assert.IsType<ProviderJobStatus.TransientError>(await Provider.GetStatusAsync(Model, TaskId, CancellationToken.None));
    }

    [Fact]
    public async Task Download_gets_the_presigned_output_without_credentials()
    {
        Stub.OnJson("GET", Task, TaskJson("SUCCEEDED", $",\"output\":[\"{Stub.Url("/files/out.mp4")}?_jwt=abc\"]"));
        Stub.On("GET", "/files/out.mp4", ProviderSamples.Video);

        var downloaded = Assert.IsType<ProviderDownloadResult.Downloaded>(await Provider.DownloadAsync(Model, TaskId, CancellationToken.None));
        await using var output = downloaded.Output;
        Assert.Equal("video/mp4", output.Video.ContentType);
        Assert.Null(output.Thumbnail);
        var file = Assert.Single(Stub.RequestsTo("GET", "/files/out.mp4"));
        Assert.False(file.Headers.ContainsKey("Authorization"));
        Assert.False(file.Headers.ContainsKey("X-Runway-Version"));
        Assert.Equal("?_jwt=abc", file.Query);
    }

    [Fact]
    public async Task A_json_body_from_the_output_url_is_not_a_video()
    {
        Stub.OnJson("GET", Task, TaskJson("SUCCEEDED", $",\"output\":[\"{Stub.Url("/files/out.mp4")}\"]"));
        Stub.On("GET", "/files/out.mp4", ProviderSamples.JsonAsContent);

        Assert.IsType<ProviderDownloadResult.Failed>(await Provider.DownloadAsync(Model, TaskId, CancellationToken.None));
    }
}
