using System.ComponentModel.DataAnnotations;

namespace AIVideo.Core.Videos;

/// <summary>Section <c>VideoQueues</c>: the queue names of the pipeline (architecture.md, Jobs).</summary>
public sealed class VideoQueueOptions
{
    public const string SectionName = "VideoQueues";

    [Required, StringLength(63, MinimumLength = 3)]
    public string Jobs { get; set; } = "video-jobs";

    [Required, StringLength(63, MinimumLength = 3)]
    public string Poison { get; set; } = "video-jobs-poison";
}
