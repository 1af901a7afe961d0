namespace AIVideo.Core.Videos;

/// <summary>Section <c>VideoQueues</c>: the queue names of the pipeline (architecture.md, Jobs).</summary>
public sealed class VideoQueueOptions
{
    public const string SectionName = "VideoQueues";

    public string Jobs { get; set; } = "video-jobs";

    public string Poison { get; set; } = "video-jobs-poison";
}
