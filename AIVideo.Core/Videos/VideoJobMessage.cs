namespace AIVideo.Core.Videos;

/// <summary>
/// The <c>video-jobs</c> queue payload. <see cref="Attempt"/> tells a stale message (an earlier
/// attempt) from a current one; <see cref="Traceparent"/> carries the creating request's trace.
/// </summary>
public sealed record VideoJobMessage(long VideoId, int Attempt, string? Traceparent)
{
    /// <summary>Set when the video was deleted while unfinished: cancel the provider job if there is one.</summary>
    public VideoCancellation? Cancel { get; init; }

    /// <summary>When the provider accepted the job, for the generation-time metric (the deadline counts from the attempt's start).</summary>
    public DateTime? SubmittedAt { get; init; }

    /// <summary>How many status polls came before this one, for the back-off.</summary>
    public int Polls { get; init; }
}

/// <summary>The provider job of a deleted video, and the model whose endpoint it runs on.</summary>
public sealed record VideoCancellation(string Model, string ProviderJobId);
