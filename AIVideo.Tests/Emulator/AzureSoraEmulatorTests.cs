using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AIVideo.Tests.Support;
using SkiaSharp;
using static AIVideo.Tests.Emulator.ProviderTestSupport;

namespace AIVideo.Tests.Emulator;

/// <summary>The Emulator's <c>azure-sora-jobs</c> API: Azure OpenAI's Sora 1 video generation jobs.</summary>
public sealed class AzureSoraEmulatorTests(EmulatorServer emulator) : IDisposable
{
    private const string Query = "?api-version=preview";
    private readonly HttpClient _client = CreateClient(emulator.BaseAddress);

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task A_json_job_succeeds_with_an_h264_mp4_and_a_jpeg_thumbnail()
    {
        var created = await _client.PostAsJsonAsync("video/generations/jobs" + Query,
            new { model = "sora", prompt = UniquePrompt("a lighthouse"), width = 854, height = 480, n_seconds = 3, n_variants = 1 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var job = await created.ReadJsonAsync();
        Assert.Equal("video.generation.job", (string?)job["object"]);
        Assert.StartsWith("task_", (string?)job["id"]);
        Assert.Equal(3, (int)job["n_seconds"]!);

        var done = await PollJobAsync((string)job["id"]!);

        Assert.Equal("succeeded", (string?)done["status"]);
        Assert.True(done.ContainsKey("failure_reason") && done["failure_reason"] is null);
        var generation = (string)done["generations"]![0]!["id"]!;
        Assert.StartsWith("gen_", generation);
        var mp4 = await ReadBytesAsync(await _client.GetAsync($"video/generations/{generation}/content/video{Query}"), "video/mp4");
        Assert.Equal(("h264", 854, 480, "yuv420p"), await ProbeAsync(mp4));
        var thumbnail = await ReadBytesAsync(await _client.GetAsync($"video/generations/{generation}/content/thumbnail{Query}"), "image/jpeg");
        Assert.Equal(SKEncodedImageFormat.Jpeg, DecodableImageFormat(thumbnail));
    }

    [Fact]
    public async Task A_multipart_job_takes_inpaint_items_as_a_json_string_and_files_named_by_them()
    {
        var created = await _client.PostAsync("video/generations/jobs" + Query, InpaintForm(UniquePrompt("a green field"), "ref.png", "ref.png"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var done = await PollJobAsync((string)(await created.ReadJsonAsync())["id"]!);

        Assert.Equal("succeeded", (string?)done["status"]);
        var mp4 = await ReadBytesAsync(await _client.GetAsync($"video/generations/{done["generations"]![0]!["id"]}/content/video{Query}"), "video/mp4");
        Assert.Equal(("h264", 480, 480, "yuv420p"), await ProbeAsync(mp4));
    }

    [Fact]
    public async Task A_file_not_named_by_inpaint_items_is_refused()
    {
        var response = await _client.PostAsync("video/generations/jobs" + Query, InpaintForm("a field", "ref.png", "other.png"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((string?)(await response.ReadJsonAsync())["error"]!["message"]));
    }

    [Fact]
    public async Task Every_call_needs_api_version_preview()
    {
        var create = await _client.PostAsJsonAsync("video/generations/jobs", new { model = "sora", prompt = "a dog", width = 480, height = 480 });
        var get = await _client.GetAsync("video/generations/jobs/task_x");

        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, get.StatusCode);
        Assert.NotNull((await create.ReadJsonAsync())["error"]!["code"]);
    }

    [Theory]
    [InlineData(1000, 480, 5)]
    [InlineData(480, 480, 21)]
    public async Task Unsupported_sizes_and_durations_are_refused(int width, int height, int seconds)
    {
        var response = await _client.PostAsJsonAsync("video/generations/jobs" + Query, new { model = "sora", prompt = "a dog", width, height, n_seconds = seconds });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("[emulator:fail]", "internal_error")]
    [InlineData("[emulator:moderation]", "input_moderation")]
    public async Task Failure_scenarios_end_failed_with_their_reason(string word, string reason)
    {
        var done = await PollJobAsync(await CreateAsync(UniquePrompt(word + " a scene")));

        Assert.Equal("failed", (string?)done["status"]);
        Assert.Equal(reason, (string?)done["failure_reason"]);
        Assert.Empty(done["generations"]!.AsArray());
    }

    [Fact]
    public async Task The_first_create_of_a_429_prompt_is_rate_limited()
    {
        var prompt = UniquePrompt("[emulator:429] a queue");
        var body = new { model = "sora", prompt, width = 480, height = 480 };

        var first = await _client.PostAsJsonAsync("video/generations/jobs" + Query, body);
        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), first.Headers.RetryAfter?.Delta);
        Assert.Equal("429", (string?)(await first.ReadJsonAsync())["error"]!["code"]);

        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsJsonAsync("video/generations/jobs" + Query, body)).StatusCode);
    }

    [Fact]
    public async Task The_first_status_call_of_a_500_job_errors()
    {
        var id = await CreateAsync(UniquePrompt("[emulator:500] a glitch"));

        Assert.Equal(HttpStatusCode.InternalServerError, (await _client.GetAsync($"video/generations/jobs/{id}{Query}")).StatusCode);
        Assert.Equal("succeeded", (string?)(await PollJobAsync(id))["status"]);
    }

    [Fact]
    public async Task Delete_cancels_a_running_job()
    {
        var id = await CreateAsync(UniquePrompt("[emulator:slow] a long take"));

        var deleted = await _client.DeleteAsync($"video/generations/jobs/{id}{Query}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal("cancelled", (string?)(await PollJobAsync(id))["status"]);
    }

    private static HttpClient CreateClient(Uri emulator)
    {
        var client = new HttpClient { BaseAddress = new Uri(emulator, "/azure-sora/openai/v1/") };
        client.DefaultRequestHeaders.Add("api-key", "emulator-key");
        return client;
    }

    private static MultipartFormDataContent InpaintForm(string prompt, string itemFileName, string uploadedFileName) => new()
    {
        { new StringContent("sora"), "model" },
        { new StringContent(prompt), "prompt" },
        { new StringContent("480"), "width" },
        { new StringContent("480"), "height" },
        { new StringContent("2"), "n_seconds" },
        { new StringContent($$$"""[{"frame_index":0,"type":"image","file_name":"{{{itemFileName}}}","crop_bounds":{"left_fraction":0,"top_fraction":0,"right_fraction":1,"bottom_fraction":1}}]"""), "inpaint_items" },
        { ImagePart(TestImages.Solid(640, 360, SKColors.Green), "image/png"), "files", uploadedFileName },
    };

    private async Task<string> CreateAsync(string prompt)
    {
        var created = await _client.PostAsJsonAsync("video/generations/jobs" + Query, new { model = "sora", prompt, width = 480, height = 480, n_seconds = 2 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (string)(await created.ReadJsonAsync())["id"]!;
    }

    private Task<JsonObject> PollJobAsync(string id) =>
        PollAsync(() => _client.GetAsync($"video/generations/jobs/{id}{Query}"), job => (string?)job["status"] is "succeeded" or "failed" or "cancelled");
}
