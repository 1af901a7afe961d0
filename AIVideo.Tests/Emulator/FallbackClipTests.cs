extern alias emulator;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AIVideo.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using SkiaSharp;
using static AIVideo.Tests.Emulator.ProviderTestSupport;

namespace AIVideo.Tests.Emulator;

/// <summary>Without ffmpeg the Emulator still answers with a real (bundled) H.264 clip and thumbnail.</summary>
public sealed class FallbackClipTests : IAsyncDisposable
{
    private readonly NoFfmpegFactory _factory = new();

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task The_bundled_clip_and_thumbnail_are_served_when_ffmpeg_is_absent()
    {
        using var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "emulator-key");

        var created = await client.PostAsJsonAsync("/openai/v1/videos", new { model = "sora-2", prompt = UniquePrompt("no ffmpeg here"), seconds = "4" });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var id = (string)(await created.ReadJsonAsync())["id"]!;
        var done = await PollAsync(() => client.GetAsync($"/openai/v1/videos/{id}"), v => (string?)v["status"] is "completed" or "failed");

        Assert.Equal("completed", (string?)done["status"]);
        var mp4 = await ReadBytesAsync(await client.GetAsync($"/openai/v1/videos/{id}/content"), "video/mp4");
        Assert.InRange(mp4.Length, 1, 100_000);
        Assert.Equal(("h264", 320, 180, "yuv420p"), await ProbeAsync(mp4));
        var thumbnail = await ReadBytesAsync(await client.GetAsync($"/openai/v1/videos/{id}/content?variant=thumbnail"), "image/webp");
        Assert.Equal(SKEncodedImageFormat.Webp, DecodableImageFormat(thumbnail));
    }

    private sealed class NoFfmpegFactory : WebApplicationFactory<emulator::Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder) => builder
            .UseEnvironment("Testing")
            .UseSetting("Emulator:FfmpegPath", "/nonexistent/ffmpeg");
    }
}
