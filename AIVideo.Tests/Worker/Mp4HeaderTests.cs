extern alias worker;

using System.Diagnostics;
using AIVideo.Tests.Infrastructure;
using worker::AIVideo.Worker.Jobs;

namespace AIVideo.Tests.Worker;

/// <summary>The MP4 header reader reports what ffprobe would, for real encoder output, and nothing for anything else.</summary>
public sealed class Mp4HeaderTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("aivideo-mp4-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Theory]
    [InlineData("1280x720", 4, false)]
    [InlineData("720x1280", 8, true)]
    [InlineData("854x480", 3, false)]
    public async Task Duration_and_coded_size_come_from_the_header_wherever_it_sits(string size, int seconds, bool faststart)
    {
        var path = await EncodeAsync(size, seconds, faststart);

        Assert.Equal((seconds, size), await Mp4Header.ReadAsync(path, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_bundled_clip_of_the_emulator_reads_as_ffprobe_reports_it()
    {
        var clip = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "AIVideo.Emulator", "Providers", "Assets", "fallback.mp4");

        var header = await Mp4Header.ReadAsync(clip, TestContext.Current.CancellationToken);

        Assert.Equal("320x180", header?.Resolution);
    }

    [Fact]
    public async Task A_file_that_is_not_a_whole_mp4_reads_as_nothing()
    {
        var whole = await File.ReadAllBytesAsync(await EncodeAsync("320x240", 2, faststart: false), TestContext.Current.CancellationToken);
        var cut = Path.Combine(_directory.FullName, "cut.mp4");
        // The header sits at the end by default: cut it off.
        await File.WriteAllBytesAsync(cut, whole[..(whole.Length / 2)], TestContext.Current.CancellationToken);
        var text = Path.Combine(_directory.FullName, "text.mp4");
        await File.WriteAllTextAsync(text, "not a video at all, just some words", TestContext.Current.CancellationToken);

        Assert.Null(await Mp4Header.ReadAsync(cut, TestContext.Current.CancellationToken));
        Assert.Null(await Mp4Header.ReadAsync(text, TestContext.Current.CancellationToken));
    }

    private async Task<string> EncodeAsync(string size, int seconds, bool faststart)
    {
        var path = Path.Combine(_directory.FullName, $"{size}-{seconds}-{faststart}.mp4");
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        string[] arguments =
        [
            "-v", "error", "-y", "-f", "lavfi", "-i", $"testsrc=size={size}:rate=24:duration={seconds}",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", .. faststart ? (string[])["-movflags", "+faststart"] : [], path,
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        await ExternalProcess.RunAsync("ffmpeg", start, "apt-get install ffmpeg (./test.sh installs it)", TimeSpan.FromSeconds(60));
        return path;
    }
}
