using System.ComponentModel.DataAnnotations;
using AIVideo.Core.Videos;

namespace AIVideo.Worker.Jobs;

/// <summary>Section <c>VideoJobs</c>: how the Worker paces the queue and the providers.</summary>
public sealed class VideoJobOptions
{
    public const string SectionName = "VideoJobs";

    /// <summary>Messages handled at once by one Worker.</summary>
    [Range(1, 1024)]
    public int Concurrency { get; set; } = 4;

    /// <summary>
    /// How long a received message stays invisible to other Workers, and its step claimed, while it is
    /// handled; a longer step renews both every third of it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How soon a message that found its step not yet reached, or held by another Worker, looks again
    /// (after the holder's claim runs out, in the second case).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RecheckDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long to wait before asking an empty queue again.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan IdleDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A message seen this many times without being handled goes to the poison queue.</summary>
    [Range(0, 1000)]
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>
    /// First status poll after a submit, per provider kind, at the cadence each provider asks for
    /// (video-providers.md); later polls back off up to <see cref="MaxPollInterval"/>.
    /// </summary>
    public Dictionary<string, TimeSpan> PollIntervals { get; set; } = new(StringComparer.Ordinal)
    {
        [ProviderKinds.OpenAIVideos] = TimeSpan.FromSeconds(10),
        [ProviderKinds.AzureSoraJobs] = TimeSpan.FromSeconds(5),
        [ProviderKinds.Runway] = TimeSpan.FromSeconds(5),
    };

    /// <summary>For a provider kind without its own interval, and before re-trying a rate-limited create.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// An attempt still unfinished this long after it started (generate or retry) fails and is refunded,
    /// whether its provider accepted it, refused to take it yet or could not be reached.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Deadline { get; set; } = TimeSpan.FromMinutes(30);
}
