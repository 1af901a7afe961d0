using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AIVideo.Tests.Support;
using SkiaSharp;
using static AIVideo.Tests.Emulator.ProviderTestSupport;

namespace AIVideo.Tests.Emulator;

/// <summary>The Emulator's <c>runway</c> API: Runway's image to video tasks.</summary>
public sealed class RunwayEmulatorTests(EmulatorServer emulator) : IDisposable
{
    private readonly HttpClient _client = CreateClient(emulator.BaseAddress);

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task A_data_uri_task_succeeds_with_an_unauthenticated_mp4_url_of_the_ratio()
    {
        var created = await _client.PostAsJsonAsync("v1/image_to_video", Body(UniquePrompt("a lake"), "gen4_turbo", "960:960", DataUri()));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var id = (string)(await created.ReadJsonAsync())["id"]!;
        Assert.True(Guid.TryParse(id, out _));

        var task = await PollTaskAsync(id);

        Assert.Equal("SUCCEEDED", (string?)task["status"]);
        Assert.EndsWith("Z", (string?)task["createdAt"]);
        var output = new Uri((string)task["output"]![0]!);
        Assert.Equal(_client.BaseAddress!.Authority, output.Authority);
        using var anonymous = new HttpClient();
        var mp4 = await ReadBytesAsync(await anonymous.GetAsync(output), "video/mp4");
        Assert.Equal(("h264", 960, 960, "yuv420p"), await ProbeAsync(mp4));
    }

    [Fact]
    public async Task An_https_url_is_accepted_without_being_fetched()
    {
        var created = await _client.PostAsJsonAsync("v1/image_to_video", Body(UniquePrompt("a hill"), "gen3a_turbo", "768:1280", "https://images.example.com/ref.jpg", duration: 5));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);

        var task = await PollTaskAsync((string)(await created.ReadJsonAsync())["id"]!);

        using var anonymous = new HttpClient();
        var mp4 = await ReadBytesAsync(await anonymous.GetAsync((string)task["output"]![0]!), "video/mp4");
        Assert.Equal(("h264", 768, 1280, "yuv420p"), await ProbeAsync(mp4));
    }

    [Fact]
    public async Task The_version_header_and_the_key_are_required()
    {
        using var noVersion = new HttpClient { BaseAddress = _client.BaseAddress };
        noVersion.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "key_emulator");
        using var noKey = new HttpClient { BaseAddress = _client.BaseAddress };
        noKey.DefaultRequestHeaders.Add("X-Runway-Version", "2024-11-06");

        var withoutVersion = await noVersion.PostAsJsonAsync("v1/image_to_video", Body("a dog", "gen4_turbo", "1280:720", DataUri()));
        var withoutKey = await noKey.GetAsync("v1/tasks/" + Guid.NewGuid());

        Assert.Equal(HttpStatusCode.BadRequest, withoutVersion.StatusCode);
        Assert.False(string.IsNullOrEmpty((string?)(await withoutVersion.ReadJsonAsync())["error"]));
        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
        Assert.False(string.IsNullOrEmpty((string?)(await withoutKey.ReadJsonAsync())["error"]));
    }

    [Theory]
    [InlineData("gen3a_turbo", "1280:720", 5, "https://images.example.com/a.jpg")]
    [InlineData("gen4_turbo", "1280:720", 7, "https://images.example.com/a.jpg")]
    [InlineData("gen4_turbo", "1280:720", 5, "http://images.example.com/a.jpg")]
    [InlineData("gen4_turbo", "1280:720", 5, "https://203.0.113.7/a.jpg")]
    [InlineData("gen4_turbo", "1280:720", 5, "data:image/png;base64,bm90IGFuIGltYWdl")]
    public async Task Invalid_bodies_are_refused_with_an_error_string(string model, string ratio, int duration, string promptImage)
    {
        var response = await _client.PostAsJsonAsync("v1/image_to_video", Body("a dog", model, ratio, promptImage, duration));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((string?)(await response.ReadJsonAsync())["error"]));
    }

    [Fact]
    public async Task Prompt_text_over_1000_characters_is_refused()
    {
        var response = await _client.PostAsJsonAsync("v1/image_to_video", Body(new string('a', 1001), "gen4_turbo", "1280:720", DataUri()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("[emulator:fail]", null)]
    [InlineData("[emulator:moderation]", "SAFETY.INPUT.TEXT")]
    public async Task Failure_scenarios_end_failed(string word, string? failureCode)
    {
        var task = await PollTaskAsync(await CreateAsync(UniquePrompt(word + " a scene")));

        Assert.Equal("FAILED", (string?)task["status"]);
        Assert.False(string.IsNullOrEmpty((string?)task["failure"]));
        Assert.False(task.ContainsKey("output"));
        if (failureCode is not null)
        {
            Assert.Equal(failureCode, (string?)task["failureCode"]);
        }
    }

    [Fact]
    public async Task The_first_create_of_a_429_prompt_is_rate_limited()
    {
        var body = Body(UniquePrompt("[emulator:429] a queue"), "gen4_turbo", "1280:720", DataUri());

        var first = await _client.PostAsJsonAsync("v1/image_to_video", body);
        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.False(string.IsNullOrEmpty((string?)(await first.ReadJsonAsync())["error"]));

        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsJsonAsync("v1/image_to_video", body)).StatusCode);
    }

    [Fact]
    public async Task The_first_status_call_of_a_500_task_errors()
    {
        var id = await CreateAsync(UniquePrompt("[emulator:500] a glitch"));

        Assert.Equal(HttpStatusCode.InternalServerError, (await _client.GetAsync("v1/tasks/" + id)).StatusCode);
        Assert.Equal("SUCCEEDED", (string?)(await PollTaskAsync(id))["status"]);
    }

    [Fact]
    public async Task Delete_cancels_a_running_task()
    {
        var id = await CreateAsync(UniquePrompt("[emulator:slow] a long take"));

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync("v1/tasks/" + id)).StatusCode);
        Assert.Equal("CANCELLED", (string?)(await PollTaskAsync(id))["status"]);
    }

    private static HttpClient CreateClient(Uri emulator)
    {
        var client = new HttpClient { BaseAddress = new Uri(emulator, "/runway/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "key_emulator");
        client.DefaultRequestHeaders.Add("X-Runway-Version", "2024-11-06");
        return client;
    }

    private static string DataUri() =>
        "data:image/jpeg;base64," + Convert.ToBase64String(TestImages.Solid(320, 320, SKColors.SkyBlue, SKEncodedImageFormat.Jpeg));

    private static object Body(string promptText, string model, string ratio, string promptImage, int duration = 5) =>
        new { model, promptImage, promptText, ratio, duration };

    private async Task<string> CreateAsync(string prompt)
    {
        var created = await _client.PostAsJsonAsync("v1/image_to_video", Body(prompt, "gen4_turbo", "1280:720", DataUri()));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        return (string)(await created.ReadJsonAsync())["id"]!;
    }

    private Task<JsonObject> PollTaskAsync(string id) =>
        PollAsync(() => _client.GetAsync("v1/tasks/" + id), task => (string?)task["status"] is "SUCCEEDED" or "FAILED" or "CANCELLED");
}
