using System.Diagnostics;
using System.Globalization;

namespace AIVideo.Worker.Jobs;

/// <summary>
/// ffprobe and ffmpeg, when the machine has them: a video's duration and size, and a first-frame
/// poster for providers without a thumbnail. Without them those fields stay empty.
/// </summary>
internal static class MediaTools
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// (seconds, "WIDTHxHEIGHT"), from the MP4 header when it reads (<see cref="Mp4Header"/>), else
    /// from ffprobe; nulls when ffprobe is missing or cannot read the file either.
    /// </summary>
    public static async Task<(int? Duration, string? Resolution)> ProbeAsync(string videoPath, CancellationToken cancellationToken)
    {
        if (await Mp4Header.ReadAsync(videoPath, cancellationToken) is { } header)
        {
            return header;
        }

        var output = await RunAsync("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height:format=duration", "-of", "default=noprint_wrappers=1", videoPath], cancellationToken);
        if (output is null)
        {
            return (null, null);
        }

        var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0])
            .ToDictionary(group => group.Key, group => group.First()[1]);
        int? duration = values.TryGetValue("duration", out var d) && double.TryParse(d, CultureInfo.InvariantCulture, out var seconds)
            ? (int)Math.Round(seconds)
            : null;
        var resolution = values.TryGetValue("width", out var w) && values.TryGetValue("height", out var h) ? $"{w}x{h}" : null;
        return (duration, resolution);
    }

    /// <summary>The first frame as JPEG bytes, or null when ffmpeg is missing or fails.</summary>
    public static async Task<byte[]?> FirstFrameAsync(string videoPath, CancellationToken cancellationToken)
    {
        var posterPath = Path.ChangeExtension(videoPath, ".poster.jpg");
        try
        {
            var result = await RunAsync("ffmpeg", ["-v", "error", "-y", "-i", videoPath, "-frames:v", "1", "-q:v", "3", posterPath], cancellationToken);
            return result is not null && File.Exists(posterPath) ? await File.ReadAllBytesAsync(posterPath, cancellationToken) : null;
        }
        finally
        {
            File.Delete(posterPath);
        }
    }

    /// <summary>Standard output of a successful run, or null when the tool is missing, fails or times out.</summary>
    private static async Task<string?> RunAsync(string tool, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }

        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(s_timeout);
            var output = process!.StandardOutput.ReadToEndAsync(timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                if (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }

                return null;
            }

            await errors;
            return process.ExitCode == 0 ? await output : null;
        }
    }
}
