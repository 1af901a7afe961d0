using System.ComponentModel.DataAnnotations;

namespace AIVideo.Emulator.Providers;

/// <summary>How the emulated video providers behave (section <c>Emulator</c>).</summary>
public sealed class EmulatorOptions
{
    public const string SectionName = "Emulator";

    /// <summary>How long a job takes from creation to completion.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan JobDuration { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>How long a job whose prompt holds <c>[emulator:slow]</c> takes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan SlowJobDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long answering a create takes when its prompt holds <c>[emulator:slow-create]</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan SlowCreateDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The ffmpeg binary; unset: looked up on PATH. A path that does not exist forces the bundled clip.</summary>
    public string? FfmpegPath { get; set; }

    /// <summary>A TrueType font for the prompt text; unset: DejaVu Sans or whatever <c>fc-match</c> names.</summary>
    public string? FontPath { get; set; }

    [Range(typeof(TimeSpan), "00:00:05", "00:30:00")]
    public TimeSpan RenderTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
