using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace AIVideo.Emulator.Providers;

internal sealed record RenderRequest(int Width, int Height, int Seconds, string Prompt, byte[]? ReferenceImage);

/// <summary>An H.264 MP4 and its first frame as JPEG and WebP. <see cref="IsFallback"/>: the bundled clip, not the requested size.</summary>
internal sealed record RenderedMedia(byte[] Video, byte[] JpegThumbnail, byte[] WebpThumbnail, bool IsFallback, DateTimeOffset RenderedAt);

/// <summary>
/// Renders a real MP4 with ffmpeg: a test pattern (or the reference image) at the requested size
/// and duration with the prompt written on it. Without ffmpeg it serves a small bundled clip.
/// ffmpeg runs without a shell, in its own temp directory, with a time-out.
/// </summary>
internal sealed class VideoRenderer : IDisposable
{
    private const int FramesPerSecond = 24;
    private const string ResourcePrefix = "AIVideo.Emulator.Providers.Assets.";

    private static readonly Lazy<(byte[] Video, byte[] Jpeg, byte[] Webp)> s_fallback = new(LoadFallback);

    private readonly EmulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<VideoRenderer> _logger;
    private readonly Lazy<string?> _font;
    // ffmpeg is CPU-bound: a burst of jobs queues here instead of starving the machine.
    private readonly SemaphoreSlim _slots = new(Math.Clamp(Environment.ProcessorCount / 2, 1, 4));

    public VideoRenderer(IOptions<EmulatorOptions> options, TimeProvider time, ILogger<VideoRenderer> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        FfmpegPath = FindFfmpeg(_options.FfmpegPath);
        _font = new Lazy<string?>(() => FindFont(_options.FontPath));
        if (FfmpegPath is null)
        {
            logger.LogWarning("ffmpeg was not found; the emulated providers serve a bundled 320x180 clip");
        }
    }

    public void Dispose() => _slots.Dispose();

    /// <summary>The ffmpeg binary in use, or null when the bundled clip is served.</summary>
    public string? FfmpegPath { get; }

    public async Task<RenderedMedia> RenderAsync(RenderRequest request, CancellationToken cancellationToken)
    {
        if (FfmpegPath is null)
        {
            var (video, jpeg, webp) = s_fallback.Value;
            return new RenderedMedia(video, jpeg, webp, IsFallback: true, _time.GetUtcNow());
        }

        await _slots.WaitAsync(cancellationToken);
        var directory = Directory.CreateTempSubdirectory("aivideo-emulator-");
        try
        {
            var (video, jpeg) = await RenderWithFfmpegAsync(FfmpegPath, directory.FullName, request, cancellationToken);
            return new RenderedMedia(video, jpeg, ToWebp(jpeg), IsFallback: false, _time.GetUtcNow());
        }
        finally
        {
            _slots.Release();
            directory.Delete(recursive: true);
        }
    }

    private async Task<(byte[] Video, byte[] Jpeg)> RenderWithFfmpegAsync(string ffmpeg, string directory, RenderRequest request, CancellationToken cancellationToken)
    {
        var (w, h) = (request.Width, request.Height);
        var seconds = Math.Max(1, request.Seconds).ToString(CultureInfo.InvariantCulture);
        // Few threads: the Emulator runs beside the Api and the Worker and must not starve them.
        var threads = Math.Max(1, Environment.ProcessorCount / 4).ToString(CultureInfo.InvariantCulture);
        List<string> args = ["-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-threads", threads, "-filter_threads", "1"];

        if (request.ReferenceImage is { } image && CoverPng(image, w, h) is { } png)
        {
            // The reference image is the first frame, held for the whole clip as the real providers' first frame is.
            await File.WriteAllBytesAsync(Path.Combine(directory, "reference.png"), png, cancellationToken);
            args.AddRange(["-loop", "1", "-framerate", FramesPerSecond.ToString(CultureInfo.InvariantCulture), "-t", seconds, "-i", "reference.png"]);
        }
        else
        {
            args.AddRange(["-f", "lavfi", "-i", $"testsrc2=size={w}x{h}:rate={FramesPerSecond}:duration={seconds}"]);
        }

        var filters = new List<string>();
        if (_font.Value is { } font)
        {
            // A text file, read relative to the working directory, keeps the prompt out of the filter syntax.
            await File.WriteAllTextAsync(Path.Combine(directory, "prompt.txt"), Wrap(request.Prompt, w, h), Encoding.UTF8, cancellationToken);
            var size = Math.Max(12, h / 24);
            filters.Add($"drawtext=fontfile={font}:textfile=prompt.txt:expansion=none:fontcolor=white:fontsize={size}:box=1:boxcolor=black@0.55:boxborderw={size / 2}:x=(w-text_w)/2:y=h-text_h-{size * 2}");
        }

        filters.Add("format=yuv420p");
        args.AddRange(["-vf", string.Join(',', filters), "-t", seconds, "-an",
            "-c:v", "libx264", "-threads", threads, "-preset", "veryfast", "-crf", "32", "-pix_fmt", "yuv420p", "-movflags", "+faststart", "video.mp4"]);
        await RunAsync(ffmpeg, directory, args, cancellationToken);
        await RunAsync(ffmpeg, directory, ["-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i", "video.mp4", "-frames:v", "1", "-q:v", "4", "thumbnail.jpg"], cancellationToken);

        return (await File.ReadAllBytesAsync(Path.Combine(directory, "video.mp4"), cancellationToken),
            await File.ReadAllBytesAsync(Path.Combine(directory, "thumbnail.jpg"), cancellationToken));
    }

    private async Task RunAsync(string fileName, string directory, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = directory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RenderTimeout);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        try
        {
            process.PriorityClass = ProcessPriorityClass.BelowNormal;
        }
        catch (InvalidOperationException)
        {
            // ffmpeg already exited (a bad argument): its exit code below tells why.
        }
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await Task.WhenAll(stderr, stdout);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg exited with {process.ExitCode}: {(await stderr).Trim()}");
        }
    }

    /// <summary>The prompt in a few lines that fit the frame, without control characters.</summary>
    private static string Wrap(string prompt, int width, int height)
    {
        var charsPerLine = Math.Max(10, (int)(width / (Math.Max(12, height / 24) * 0.6)) - 4);
        var words = new string([.. prompt.Select(c => char.IsControl(c) ? ' ' : c)]).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in words)
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > charsPerLine)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : "").Append(word.Length > charsPerLine ? word[..charsPerLine] : word);
        }

        if (line.Length > 0)
        {
            lines.Add(line.ToString());
        }

        return lines.Count > 4 ? string.Join('\n', lines.Take(4)) + "…" : string.Join('\n', lines);
    }

    /// <summary>The image scaled to cover <paramref name="width"/>×<paramref name="height"/> and centre-cropped, as PNG.</summary>
    internal static byte[]? CoverPng(byte[] image, int width, int height)
    {
        using var bitmap = SKBitmap.Decode(image);
        if (bitmap is null)
        {
            return null;
        }

        using var source = SKImage.FromBitmap(bitmap);
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var scale = Math.Max((float)width / bitmap.Width, (float)height / bitmap.Height);
        var (cropWidth, cropHeight) = (width / scale, height / scale);
        var crop = SKRect.Create((bitmap.Width - cropWidth) / 2, (bitmap.Height - cropHeight) / 2, cropWidth, cropHeight);
        surface.Canvas.DrawImage(source, crop, SKRect.Create(width, height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None));
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static byte[] ToWebp(byte[] jpeg)
    {
        using var bitmap = SKBitmap.Decode(jpeg) ?? throw new InvalidOperationException("The thumbnail does not decode.");
        using var data = bitmap.Encode(SKEncodedImageFormat.Webp, 80) ?? throw new InvalidOperationException("SkiaSharp cannot encode WebP.");
        return data.ToArray();
    }

    private static string? FindFfmpeg(string? configured)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, OperatingSystem.IsWindows() ? "ffmpeg.exe" : "ffmpeg"))
            .FirstOrDefault(File.Exists);
    }

    private string? FindFont(string? configured)
    {
        string?[] candidates = [configured, "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans.ttf"];
        static bool Usable(string? f) => !string.IsNullOrEmpty(f) && File.Exists(f) && IsFilterSafe(f);
        var font = candidates.FirstOrDefault(Usable) ?? (FontFromFontconfig() is { } matched && Usable(matched) ? matched : null);
        if (font is null)
        {
            _logger.LogWarning("No usable font was found; emulated videos carry no prompt text");
        }

        return font;
    }

    // The font path goes into the filter graph as is: anything beyond these characters would need escaping.
    private static bool IsFilterSafe(string path) =>
        path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '.' or '-');

    private static string? FontFromFontconfig()
    {
        try
        {
            var start = new ProcessStartInfo("fc-match") { RedirectStandardOutput = true, UseShellExecute = false };
            start.ArgumentList.Add("-f");
            start.ArgumentList.Add("%{file}");
            start.ArgumentList.Add("sans");
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd();
            return process.WaitForExit(5000) && process.ExitCode == 0 ? output.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // fc-match is not installed: no font from fontconfig.
            return null;
        }
    }

    private static (byte[] Video, byte[] Jpeg, byte[] Webp) LoadFallback()
    {
        var jpeg = ReadResource("fallback.jpg");
        return (ReadResource("fallback.mp4"), jpeg, ToWebp(jpeg));
    }

    private static byte[] ReadResource(string name)
    {
        using var stream = typeof(VideoRenderer).Assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new InvalidOperationException($"The embedded resource {name} is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
