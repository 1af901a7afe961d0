using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using AIVideo.Tests.Support;
using SkiaSharp;

namespace AIVideo.Tests.Emulator;

/// <summary>Polling, ffprobe and image checks shared by the emulated provider tests.</summary>
internal static class ProviderTestSupport
{
    /// <summary>A prompt no other test uses, so per-prompt scenarios (the first-create 429) start fresh.</summary>
    public static string UniquePrompt(string text) => $"{text} #{Guid.NewGuid():N}";

    /// <summary>Calls <paramref name="get"/> until <paramref name="isTerminal"/> says the job is done.</summary>
    public static async Task<JsonObject> PollAsync(Func<Task<HttpResponseMessage>> get, Func<JsonObject, bool> isTerminal)
    {
        return await Eventually.GetAsync(
            async () =>
            {
                using var response = await get();
                response.EnsureSuccessStatusCode();
                var body = await response.ReadJsonAsync();
                return isTerminal(body) ? body : null;
            },
            TimeSpan.FromSeconds(60),
            "The job did not finish in time.");
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, path);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    /// <summary>The first video stream as ffprobe reports it: the file is a real, decodable MP4.</summary>
    public static async Task<(string Codec, int Width, int Height, string PixelFormat)> ProbeAsync(byte[] mp4)
    {
        var file = Path.Combine(Path.GetTempPath(), $"aivideo-probe-{Guid.NewGuid():N}.mp4");
        await File.WriteAllBytesAsync(file, mp4);
        try
        {
            var start = new ProcessStartInfo("ffprobe") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in (string[])["-v", "error", "-show_streams", "-of", "json", file])
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0 && errors.Length == 0, "ffprobe: " + errors);
            var stream = JsonNode.Parse(output)!["streams"]!.AsArray().Single(s => (string?)s!["codec_type"] == "video")!;
            return ((string)stream["codec_name"]!, (int)stream["width"]!, (int)stream["height"]!, (string)stream["pix_fmt"]!);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static SKEncodedImageFormat DecodableImageFormat(byte[] data)
    {
        using var bitmap = TestImages.Decode(data);
        Assert.True(bitmap.Width > 0 && bitmap.Height > 0);
        return TestImages.EncodedFormat(data);
    }

    public static async Task<byte[]> ReadBytesAsync(HttpResponseMessage response, string contentType)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    public static ByteArrayContent ImagePart(byte[] data, string mediaType)
    {
        var part = new ByteArrayContent(data);
        part.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return part;
    }
}
