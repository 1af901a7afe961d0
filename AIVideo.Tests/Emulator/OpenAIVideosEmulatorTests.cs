using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AIVideo.Tests.Support;
using SkiaSharp;
using static AIVideo.Tests.Emulator.ProviderTestSupport;

namespace AIVideo.Tests.Emulator;

/// <summary>The Emulator's <c>openai-videos</c> API, spoken to as the Worker will speak to OpenAI's <c>/videos</c>.</summary>
public sealed class OpenAIVideosEmulatorTests(EmulatorServer emulator) : IDisposable
{
    private readonly HttpClient _client = CreateClient(emulator.BaseAddress);

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task A_multipart_create_completes_with_an_h264_mp4_of_the_requested_size_and_a_webp_thumbnail()
    {
        var created = await CreateAsync(UniquePrompt("a cat surfing"), seconds: "4", size: "720x1280");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var video = await created.ReadJsonAsync();
        Assert.StartsWith("video_", (string?)video["id"]);
        Assert.Equal("video", (string?)video["object"]);
        Assert.Equal("queued", (string?)video["status"]);
        Assert.Equal(System.Text.Json.JsonValueKind.String, video["seconds"]!.GetValueKind());
        Assert.Equal("4", (string?)video["seconds"]);
        Assert.Equal("720x1280", (string?)video["size"]);
        Assert.True(video.ContainsKey("error") && video["error"] is null);
        Assert.True(video["created_at"]!.GetValue<long>() > 1_700_000_000);

        var done = await PollAsync(() => _client.GetAsync($"videos/{video["id"]}"), IsTerminal);

        Assert.Equal("completed", (string?)done["status"]);
        Assert.Equal(100, (int)done["progress"]!);
        Assert.NotNull(done["completed_at"]);
        var mp4 = await ReadBytesAsync(await _client.GetAsync($"videos/{video["id"]}/content"), "video/mp4");
        Assert.Equal(("h264", 720, 1280, "yuv420p"), await ProbeAsync(mp4));
        var thumbnail = await ReadBytesAsync(await _client.GetAsync($"videos/{video["id"]}/content?variant=thumbnail"), "image/webp");
        Assert.Equal(SKEncodedImageFormat.Webp, DecodableImageFormat(thumbnail));
    }

    [Fact]
    public async Task A_json_create_with_a_string_seconds_is_accepted_and_reports_progress_while_running()
    {
        var response = await _client.PostAsJsonAsync("videos", new { model = "sora-2", prompt = UniquePrompt("[emulator:slow] a slow sunrise"), seconds = "8" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = (string)(await response.ReadJsonAsync())["id"]!;

        // A slow job reports progress as it runs: wait until some shows, not for a fixed time.
        var running = await Eventually.GetAsync(
            async () =>
            {
                var job = await (await _client.GetAsync($"videos/{id}")).ReadJsonAsync();
                return (int?)job["progress"] > 0 ? job : null;
            },
            TimeSpan.FromSeconds(30),
            "The slow job never reported progress.");

        Assert.Equal("in_progress", (string?)running["status"]);
        Assert.InRange((int)running["progress"]!, 1, 99);
        Assert.Equal("8", (string?)running["seconds"]);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"videos/{id}/content")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.DeleteAsync($"videos/{id}")).StatusCode);
    }

    [Fact]
    public async Task Seconds_as_a_json_number_is_refused_with_openais_error_body()
    {
        var response = await _client.PostAsJsonAsync("videos", new { model = "sora-2", prompt = "a dog", seconds = 8 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.ReadJsonAsync())["error"]!.AsObject();
        Assert.Equal("invalid_request_error", (string?)error["type"]);
        Assert.Equal("seconds", (string?)error["param"]);
        Assert.True(error.ContainsKey("code") && error["code"] is null);
        Assert.False(string.IsNullOrEmpty((string?)error["message"]));
    }

    [Theory]
    [InlineData("5", null, "seconds")]
    [InlineData("4", "1920x1080", "size")]
    public async Task Unsupported_seconds_or_size_are_refused(string seconds, string? size, string param)
    {
        var response = await CreateAsync("a dog", seconds, size);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(param, (string?)(await response.ReadJsonAsync())["error"]!["param"]);
    }

    [Fact]
    public async Task A_reference_image_must_match_the_size_pixel_for_pixel()
    {
        var wrong = await CreateAsync("a red room", "4", "1280x720", TestImages.Solid(1280, 719, SKColors.Red, SKEncodedImageFormat.Jpeg), "image/jpeg");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("input_reference", (string?)(await wrong.ReadJsonAsync())["error"]!["param"]);

        var right = await CreateAsync(UniquePrompt("a red room"), "4", "1280x720", TestImages.Solid(1280, 720, SKColors.Red, SKEncodedImageFormat.Webp), "image/webp");
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        var id = (string)(await right.ReadJsonAsync())["id"]!;
        Assert.Equal("completed", (string?)(await PollAsync(() => _client.GetAsync($"videos/{id}"), IsTerminal))["status"]);
        var mp4 = await ReadBytesAsync(await _client.GetAsync($"videos/{id}/content?variant=video"), "video/mp4");
        Assert.Equal(("h264", 1280, 720, "yuv420p"), await ProbeAsync(mp4));
    }

    [Fact]
    public async Task A_missing_key_is_refused_and_the_api_key_header_is_accepted()
    {
        using var anonymous = new HttpClient { BaseAddress = _client.BaseAddress };
        var refused = await anonymous.PostAsJsonAsync("videos", new { model = "sora-2", prompt = "a dog" });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("invalid_request_error", (string?)(await refused.ReadJsonAsync())["error"]!["type"]);

        anonymous.DefaultRequestHeaders.Add("api-key", "azure-key");
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("videos", new { model = "sora-2", prompt = UniquePrompt("a dog") })).StatusCode);
    }

    [Fact]
    public async Task Fail_reports_a_failed_video_with_an_error()
    {
        var done = await CreateAndPollAsync(UniquePrompt("[emulator:fail] a storm"));

        Assert.Equal("failed", (string?)done["status"]);
        Assert.False(string.IsNullOrEmpty((string?)done["error"]!["code"]));
        Assert.False(string.IsNullOrEmpty((string?)done["error"]!["message"]));
    }

    [Fact]
    public async Task Moderation_reports_a_failed_video_with_the_moderation_code()
    {
        var done = await CreateAndPollAsync(UniquePrompt("[emulator:moderation] something"));

        Assert.Equal("failed", (string?)done["status"]);
        Assert.Equal("moderation_blocked", (string?)done["error"]!["code"]);
    }

    [Fact]
    public async Task The_first_create_of_a_429_prompt_is_rate_limited_and_the_next_succeeds()
    {
        var prompt = UniquePrompt("[emulator:429] a busy day");

        var first = await CreateAsync(prompt, "4");
        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), first.Headers.RetryAfter?.Delta);
        Assert.Equal("rate_limit_exceeded", (string?)(await first.ReadJsonAsync())["error"]!["code"]);

        Assert.Equal(HttpStatusCode.OK, (await CreateAsync(prompt, "4")).StatusCode);
    }

    [Fact]
    public async Task The_first_status_call_of_a_500_job_errors_and_the_next_answers()
    {
        var id = (string)(await (await CreateAsync(UniquePrompt("[emulator:500] a glitch"), "4")).ReadJsonAsync())["id"]!;

        var first = await _client.GetAsync($"videos/{id}");
        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.Equal("server_error", (string?)(await first.ReadJsonAsync())["error"]!["type"]);
        Assert.Equal("completed", (string?)(await PollAsync(() => _client.GetAsync($"videos/{id}"), IsTerminal))["status"]);
    }

    [Fact]
    public async Task Delete_removes_the_video()
    {
        var done = await CreateAndPollAsync(UniquePrompt("a short-lived clip"));

        var deleted = await _client.DeleteAsync($"videos/{done["id"]}");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.True((bool?)(await deleted.ReadJsonAsync())["deleted"]);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"videos/{done["id"]}")).StatusCode);
    }

    internal static HttpClient CreateClient(Uri emulator)
    {
        var client = new HttpClient { BaseAddress = new Uri(emulator, "/openai/v1/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "emulator-key");
        return client;
    }

    private static bool IsTerminal(JsonObject video) => (string?)video["status"] is "completed" or "failed";

    private async Task<JsonObject> CreateAndPollAsync(string prompt)
    {
        var created = await CreateAsync(prompt, "4");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var id = (string)(await created.ReadJsonAsync())["id"]!;
        return await PollAsync(() => _client.GetAsync($"videos/{id}"), IsTerminal);
    }

    private Task<HttpResponseMessage> CreateAsync(string prompt, string seconds, string? size = null, byte[]? reference = null, string? referenceType = null)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent("sora-2"), "model" },
            { new StringContent(prompt), "prompt" },
            { new StringContent(seconds), "seconds" },
        };
        if (size is not null)
        {
            form.Add(new StringContent(size), "size");
        }

        if (reference is not null)
        {
            form.Add(ImagePart(reference, referenceType!), "input_reference", "reference" + (referenceType == "image/webp" ? ".webp" : ".jpg"));
        }

        return _client.PostAsync("videos", form);
    }
}
