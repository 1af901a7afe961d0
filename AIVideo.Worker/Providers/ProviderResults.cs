namespace AIVideo.Worker.Providers;

/// <summary>The outcome of creating a provider job.</summary>
internal abstract record ProviderSubmitResult
{
    private ProviderSubmitResult()
    {
    }

    /// <summary>The provider took the job: poll it with <see cref="JobId"/>.</summary>
    public sealed record Accepted(string JobId) : ProviderSubmitResult;

    /// <summary>
    /// Nothing was accepted (429, 503, or the connection could not even be made): submitting again after
    /// <see cref="RetryAfter"/> cannot start a second job.
    /// </summary>
    public sealed record RateLimited(TimeSpan RetryAfter, string Reason) : ProviderSubmitResult;

    /// <summary>The provider refused the request (4xx, content policy, unusable input): do not retry.</summary>
    public sealed record Rejected(string Reason, bool IsContentPolicy) : ProviderSubmitResult;

    /// <summary>
    /// A time-out, a 5xx or an unreadable answer after the request was sent: the provider may have started (and
    /// will bill) a job we have no id for, so this must not be retried blindly.
    /// </summary>
    public sealed record Unknown(string Reason) : ProviderSubmitResult;
}

/// <summary>Where a provider job stands.</summary>
internal abstract record ProviderJobStatus
{
    private ProviderJobStatus()
    {
    }

    /// <summary>Queued or generating; <see cref="Progress"/> is 0-100 where the provider reports it.</summary>
    public sealed record Running(int? Progress) : ProviderJobStatus;

    /// <summary>Done: download it now (outputs expire within hours).</summary>
    public sealed record Succeeded : ProviderJobStatus;

    /// <summary>Failed or cancelled at the provider: final.</summary>
    public sealed record Failed(string Reason, bool IsContentPolicy) : ProviderJobStatus;

    /// <summary>The status could not be read this time (5xx, time-out, unreadable answer): poll again later.</summary>
    public sealed record TransientError(string Reason) : ProviderJobStatus;
}

/// <summary>The outcome of fetching a finished job's outputs.</summary>
internal abstract record ProviderDownloadResult
{
    private ProviderDownloadResult()
    {
    }

    /// <summary>The caller owns <see cref="Output"/> and must dispose it.</summary>
    public sealed record Downloaded(ProviderOutput Output) : ProviderDownloadResult;

    /// <summary>No usable video; <see cref="IsTransient"/> says whether trying again later may work.</summary>
    public sealed record Failed(string Reason, bool IsTransient) : ProviderDownloadResult;
}

/// <summary>A finished job's video (streamed) and optional thumbnail (buffered, checked to be an image).</summary>
internal sealed class ProviderOutput(ProviderMedia video, ProviderMedia? thumbnail) : IAsyncDisposable
{
    public ProviderMedia Video { get; } = video;

    public ProviderMedia? Thumbnail { get; } = thumbnail;

    public async ValueTask DisposeAsync()
    {
        await Video.Content.DisposeAsync();
        if (Thumbnail is not null)
        {
            await Thumbnail.Content.DisposeAsync();
        }
    }
}

/// <summary>A media body whose Content-Type was checked (<c>video/*</c> for videos, a real image for thumbnails).</summary>
internal sealed record ProviderMedia(Stream Content, string ContentType, long? Length);

/// <summary>The short, human-readable reasons stored on a failed video.</summary>
/// <summary>
/// What a user reads in <c>error_message</c>: our own sentence for each class of failure, never a
/// provider's text (which can quote request details or a key's prefix). The provider's own detail
/// is logged, with the job's trace, where the failure is classified.
/// </summary>
internal static class ProviderReasons
{
    public const string ContentPolicy = "The prompt was refused by the provider's content policy.";
    public const string OutputContentPolicy = "The generated video was blocked by the provider's content policy.";
    public const string InvalidRequest = "The video provider did not accept this request.";
    public const string Unavailable = "The video provider is unavailable. Please try again later.";
    public const string TimedOut = "The video provider did not answer in time.";
    public const string ReferenceImageUnreadable = "The reference image could not be read.";
    public const string ReferenceImageRequired = "This model needs a reference image.";
    public const string JobNotFound = "The provider no longer knows this job.";
    public const string GenerationFailed = "The provider failed to generate the video.";
    public const string Cancelled = "The job was cancelled at the provider.";
}
