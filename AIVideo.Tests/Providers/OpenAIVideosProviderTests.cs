extern alias worker;

using AIVideo.Core.Media;
using AIVideo.Core.Videos;
using AIVideo.Tests.Support;
using SkiaSharp;
using worker::AIVideo.Worker.Providers;

namespace AIVideo.Tests.Providers;

public sealed class OpenAIVideosProviderTests() : ProviderTestBase("sora-2", ProviderKinds.OpenAIVideos, "sora-2", "/openai/v1/")
{
    private const string Videos = "/openai/v1/videos";
    private const string Video = "/openai/v1/videos/video_68d7";

    [Fact]
    public async Task Submit_sends_seconds_as_a_string_and_the_reference_at_exactly_the_size()
    {
        Stub.OnJson("POST", Videos, """{"id":"video_68d7","object":"video","model":"sora-2","status":"queued","progress":0,"created_at":1758941485,"seconds":"8","size":"1280x720","error":null}""");
        var image = new ReferenceImage(TestImages.Solid(800, 800, SKColors.Teal), "image/png");

        var result = await Provider.SubmitAsync(new ProviderJobRequest(Model, "a cat on a skateboard", image), CancellationToken.None);

        Assert.Equal(new ProviderSubmitResult.Accepted("video_68d7"), result);
        var request = Assert.Single(Stub.RequestsTo("POST", Videos));
        Assert.Equal("8", request.Fields["seconds"]);
        Assert.Equal("1280x720", request.Fields["size"]);
        Assert.Equal("sora-2", request.Fields["model"]);
        Assert.Equal("a cat on a skateboard", request.Fields["prompt"]);
        Assert.Equal("Bearer emulator", request.Headers["Authorization"]);
        var info = ImageInspector.Inspect(request.Files["input_reference"].Content);
        Assert.Equal((ImageFormat.Jpeg, 1280, 720), (info?.Format, info?.Width, info?.Height));
    }

    [Fact]
    public async Task Submit_without_a_reference_sends_no_file_part()
    {
        Stub.OnJson("POST", Videos, """{"id":"video_1","status":"queued"}""");

        var result = await Provider.SubmitAsync(new ProviderJobRequest(Model, "a cat"), CancellationToken.None);

        Assert.IsType<ProviderSubmitResult.Accepted>(result);
        Assert.Empty(Assert.Single(Stub.Requests).Files);
    }

    [Fact]
    public async Task A_configured_key_is_sent_as_a_bearer_token()
    {
        using var host = new ProviderTestHost([Model], new() { ["VideoProviders:openai-videos:ApiKey"] = "sk-test" });
        Stub.OnJson("POST", Videos, """{"id":"video_1","status":"queued"}""");

        await host.For(Model).SubmitAsync(new ProviderJobRequest(Model, "a cat"), CancellationToken.None);

        Assert.Equal("Bearer sk-test", Assert.Single(Stub.Requests).Headers["Authorization"]);
    }

    [Fact]
    public async Task A_429_on_create_is_rate_limited_with_its_retry_after()
    {
        Stub.OnJson("POST", Videos, """{"error":{"message":"Too many requests","type":"rate_limit_exceeded","param":null,"code":"rate_limit_exceeded"}}""", 429, new Dictionary<string, string> { ["Retry-After"] = "7" });

        var result = await Provider.SubmitAsync(new ProviderJobRequest(Model, "a cat"), CancellationToken.None);

        var limited = Assert.IsType<ProviderSubmitResult.RateLimited>(result);
        Assert.Equal(TimeSpan.FromSeconds(7), limited.RetryAfter);
        Assert.Single(Stub.Requests);
    }

    [Fact]
    public async Task A_5xx_on_create_is_unknown_and_never_retried()
    {
        Stub.OnJson("POST", Videos, """{"error":{"message":"The server had an error","type":"server_error","param":null,"code":null}}""", 500);

        var result = await Provider.SubmitAsync(new ProviderJobRequest(Model, "a cat"), CancellationToken.None);

        Assert.IsType<ProviderSubmitResult.Unknown>(result);
        Assert.Single(Stub.RequestsTo("POST", Videos));
    }

    [Fact]
    public async Task A_moderation_refusal_on_create_is_rejected_as_content_policy()
    {
        Stub.OnJson("POST", Videos, """{"error":{"message":"Your request was blocked by our moderation system.","type":"invalid_request_error","param":null,"code":"moderation_blocked"}}""", 400);

        var result = await Provider.SubmitAsync(new ProviderJobRequest(Model, "something forbidden"), CancellationToken.None);

        Assert.Equal(new ProviderSubmitResult.Rejected(ProviderReasons.ContentPolicy, IsContentPolicy: true), result);
    }

    [Theory]
    [InlineData(400, """{"error":{"message":"Invalid value for seconds.","type":"invalid_request_error","param":"seconds","code":"invalid_value"}}""")]
    [InlineData(401, """{"error":{"message":"Incorrect API key provided: sk-proj-AbCd****************wxyz.","type":"invalid_request_error","code":"invalid_api_key"}}""")]
    [InlineData(403, """{"error":{"message":"Project proj_Q1w2 does not have access to model sora-2.","type":"invalid_request_error","code":"model_not_found"}}""")]
    public async Task A_refused_create_is_rejected_in_our_words_not_the_providers(int status, string body)
    {
        Stub.OnJson("POST", Videos, body, status);

        var result = await Provider.SubmitAsync(new ProviderJobRequest(Model, "a cat"), CancellationToken.None);

        // The provider's text can quote the key we sent: it goes to the log, never to the user.
        Assert.Equal(new ProviderSubmitResult.Rejected(ProviderReasons.InvalidRequest, IsContentPolicy: false), result);
    }

    [Fact]
    public async Task Malformed_json_on_create_is_unknown()
    {
        Stub.OnJson("POST", Videos, """{"id":"video_1","status":""");

        var result = await Provider.SubmitAsync(new ProviderJobRequest(Model, "a cat"), CancellationToken.None);

        Assert.IsType<ProviderSubmitResult.Unknown>(result);
    }

    [Fact]
    public async Task An_unreadable_reference_is_rejected_without_calling_the_provider()
    {
        var result = await Provider.SubmitAsync(new ProviderJobRequest(Model, "a cat", new ReferenceImage("not an image"u8.ToArray(), "image/png")), CancellationToken.None);

        Assert.Equal(new ProviderSubmitResult.Rejected(ProviderReasons.ReferenceImageUnreadable, false), result);
        Assert.Empty(Stub.Requests);
    }

    [Theory]
    [InlineData("queued", 0)]
    [InlineData("in_progress", 42)]
    public async Task Queued_and_in_progress_are_running_with_progress(string status, int progress)
    {
        Stub.OnJson("GET", Video, $$"""{"id":"video_68d7","object":"video","status":"{{status}}","progress":{{progress}},"created_at":1758941485,"completed_at":null,"expires_at":null,"seconds":"8","size":"1280x720","error":null,"remixed_from_video_id":null}""");

        Assert.Equal(new ProviderJobStatus.Running(progress), await Provider.GetStatusAsync(Model, "video_68d7", CancellationToken.None));
    }

    [Fact]
    public async Task Completed_is_succeeded()
    {
        Stub.OnJson("GET", Video, """{"id":"video_68d7","object":"video","status":"completed","progress":100,"completed_at":1758941600,"expires_at":1758945200,"error":null}""");

        Assert.IsType<ProviderJobStatus.Succeeded>(await Provider.GetStatusAsync(Model, "video_68d7", CancellationToken.None));
    }

    [Fact]
    public async Task Failed_carries_the_provider_message()
    {
        Stub.OnJson("GET", Video, """{"id":"video_68d7","object":"video","status":"failed","progress":0,"error":{"code":"internal_error","message":"Video generation failed."}}""");

        Assert.Equal(new ProviderJobStatus.Failed(ProviderReasons.GenerationFailed, false), await Provider.GetStatusAsync(Model, "video_68d7", CancellationToken.None));
    }

    [Fact]
    public async Task A_moderation_failure_is_content_policy()
    {
        Stub.OnJson("GET", Video, """{"id":"video_68d7","object":"video","status":"failed","error":{"code":"moderation_blocked","message":"Blocked by moderation."}}""");

        Assert.Equal(new ProviderJobStatus.Failed(ProviderReasons.ContentPolicy, true), await Provider.GetStatusAsync(Model, "video_68d7", CancellationToken.None));
    }

    [Fact]
    public async Task A_5xx_on_status_is_transient_after_the_safe_retries()
    {
        Stub.OnJson("GET", Video, """{"error":{"message":"Service unavailable","type":"server_error","code":null}}""", 502);

        Assert.IsType<ProviderJobStatus.TransientError>(await Provider.GetStatusAsync(Model, "video_68d7", CancellationToken.None));
        Assert.True(Stub.RequestsTo("GET", Video).Count > 1, "A GET is safe to retry.");
    }

    [Fact]
    public async Task Malformed_json_on_status_is_transient()
    {
        Stub.OnJson("GET", Video, "<html>Bad gateway</html>");

        Assert.IsType<ProviderJobStatus.TransientError>(await Provider.GetStatusAsync(Model, "video_68d7", CancellationToken.None));
    }

    [Fact]
    public async Task An_unknown_job_has_failed()
    {
        Stub.OnJson("GET", Video, """{"error":{"message":"Video not found","type":"invalid_request_error","code":"not_found"}}""", 404);

        Assert.Equal(new ProviderJobStatus.Failed(ProviderReasons.JobNotFound, false), await Provider.GetStatusAsync(Model, "video_68d7", CancellationToken.None));
    }

    [Fact]
    public async Task Download_returns_the_video_and_the_thumbnail()
    {
        var thumbnail = TestImages.Solid(64, 36, SKColors.Red, SKEncodedImageFormat.Jpeg);
        Stub.On("GET", Video + "/content?variant=video", ProviderSamples.Video);
        Stub.On("GET", Video + "/content?variant=thumbnail", new StubResponse(200, string.Empty, "image/jpeg") { Bytes = thumbnail });

        var result = await Provider.DownloadAsync(Model, "video_68d7", CancellationToken.None);

        var downloaded = Assert.IsType<ProviderDownloadResult.Downloaded>(result);
        await using var output = downloaded.Output;
        Assert.Equal("video/mp4", output.Video.ContentType);
        using var copy = new MemoryStream();
        await output.Video.Content.CopyToAsync(copy);
        Assert.Equal(ProviderSamples.Mp4, copy.ToArray());
        Assert.Equal("image/jpeg", output.Thumbnail?.ContentType);
        Assert.All(Stub.Requests, r => Assert.Equal("Bearer emulator", r.Headers["Authorization"]));
    }

    [Fact]
    public async Task A_thumbnail_that_is_not_an_image_is_dropped_and_the_video_kept()
    {
        Stub.On("GET", Video + "/content?variant=video", ProviderSamples.Video);
        Stub.On("GET", Video + "/content?variant=thumbnail", ProviderSamples.JsonAsContent);

        var downloaded = Assert.IsType<ProviderDownloadResult.Downloaded>(await Provider.DownloadAsync(Model, "video_68d7", CancellationToken.None));
        await using var output = downloaded.Output;
        Assert.Null(output.Thumbnail);
    }

    [Fact]
    public async Task A_json_body_from_the_content_endpoint_is_not_a_video()
    {
        Stub.On("GET", Video + "/content", ProviderSamples.JsonAsContent);

        var failed = Assert.IsType<ProviderDownloadResult.Failed>(await Provider.DownloadAsync(Model, "video_68d7", CancellationToken.None));
        Assert.Equal("The provider did not send a video.", failed.Reason);
    }

    [Fact]
    public async Task Cancel_deletes_the_video_and_swallows_faults()
    {
        Stub.OnJson("DELETE", Video, """{"error":{"message":"boom"}}""", 500);

        await Provider.CancelAsync(Model, "video_68d7", CancellationToken.None);

        Assert.Single(Stub.RequestsTo("DELETE", Video));
    }
}
