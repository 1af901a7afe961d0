using AIVideo.Core.Videos;

namespace AIVideo.Worker.Providers;

/// <summary>
/// One provider API shape (<see cref="ProviderKinds"/>). Expected outcomes (refusals, rate limits, provider faults)
/// are return values; only cancellation of <c>cancellationToken</c> and our own bugs throw.
/// </summary>
internal interface IVideoProvider
{
    /// <summary>The <see cref="ProviderKinds"/> value this adapter speaks.</summary>
    string Kind { get; }

    /// <summary>Creates the provider job. Never retried here after the request may have reached the provider.</summary>
    Task<ProviderSubmitResult> SubmitAsync(ProviderJobRequest request, CancellationToken cancellationToken);

    Task<ProviderJobStatus> GetStatusAsync(VideoModel model, string providerJobId, CancellationToken cancellationToken);

    /// <summary>The finished video (and thumbnail where the provider offers one), their Content-Type checked.</summary>
    Task<ProviderDownloadResult> DownloadAsync(VideoModel model, string providerJobId, CancellationToken cancellationToken);

    /// <summary>Best effort: failures are logged, not thrown.</summary>
    Task CancelAsync(VideoModel model, string providerJobId, CancellationToken cancellationToken);
}
