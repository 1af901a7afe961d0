namespace AIVideo.Core.Videos;

/// <summary>
/// The <c>video-jobs</c> queue payload. <see cref="Attempt"/> tells a stale message (an earlier
/// attempt) from a current one; <see cref="Traceparent"/> carries the creating request's trace.
/// </summary>
public sealed record VideoJobMessage(long VideoId, int Attempt, string? Traceparent)
{
    /// <summary>Set when the video was deleted while unfinished: cancel the provider job if there is one.</summary>
    public VideoCancellation? Cancel { get; init; }
}

public sealed record VideoCancellation(string Provider, string ProviderJobId);
