using AIVideo.Core.Videos;

namespace AIVideo.Worker.Jobs;

/// <summary>What to do with the message just handled: drop it, or replace it with a later one.</summary>
internal sealed record JobOutcome(VideoJobMessage? Next, TimeSpan Delay)
{
    public static readonly JobOutcome Done = new(null, TimeSpan.Zero);

    public static JobOutcome Later(VideoJobMessage next, TimeSpan delay) => new(next, delay);
}
