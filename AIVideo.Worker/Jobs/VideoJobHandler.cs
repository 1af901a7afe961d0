using AIVideo.Core.Credits;
using AIVideo.Core.Data;
using AIVideo.Core.Data.Entities;
using AIVideo.Core.Videos;
using AIVideo.Worker.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AIVideo.Worker.Jobs;

/// <summary>
/// One step of a video's generation per queue message: submit it to its provider, or poll the
/// provider and finish it. Every change is a conditional update on (id, attempt, expected status),
/// so a duplicate, stale or late message changes nothing; a failed attempt is refunded once.
/// Every change is published on the user's Redis channel (<see cref="VideoEvents"/>).
/// </summary>
internal sealed partial class VideoJobHandler(
    AIVideoDbContext db,
    CreditLedger ledger,
    VideoModelCatalog catalog,
    VideoProviderResolver providers,
    ReferenceImageLoader images,
    VideoOutputStore outputs,
    VideoEvents events,
    VideoJobMetrics metrics,
    IOptions<VideoJobOptions> options,
    TimeProvider time,
    ILogger<VideoJobHandler> logger)
{
    public async Task<JobOutcome> HandleAsync(VideoJobMessage job, CancellationToken cancellationToken)
    {
        if (job.Cancel is { } cancel)
        {
            if (catalog.Find(cancel.Model) is { Available: true } cancelModel)
            {
                await providers.Resolve(cancelModel).CancelAsync(cancelModel, cancel.ProviderJobId, cancellationToken);
            }

            return JobOutcome.Done;
        }

        // An attempt starts in the transaction that charges it (generate or retry), so its charge's
        // time is its start; the video's own creation time stands in should the charge be missing.
        var video = await db.Videos.AsNoTracking()
            .Where(v => v.Id == job.VideoId)
            .Select(v => new CurrentVideo(
                v.UserId, v.Attempt, v.Status, v.Model, v.Prompt, v.ReferenceImageUrl, v.ProviderJobId, v.Progress,
                db.CreditTransactions
                    .Where(t => t.VideoId == v.Id && t.Attempt == v.Attempt && t.Reason == CreditReason.GenerationCharge)
                    .Select(t => (DateTime?)t.CreatedAt)
                    .FirstOrDefault() ?? v.CreatedAt))
            .SingleOrDefaultAsync(cancellationToken);
        if (video is null || video.Attempt != job.Attempt || video.Status is VideoStatus.Completed or VideoStatus.Failed)
        {
            // Deleted, retried since, or already finished: nothing left for this message to do.
            return JobOutcome.Done;
        }

        if (catalog.Find(video.Model) is not { Available: true } model)
        {
            await FailAsync(job, video.UserId, video.Model, $"The model {video.Model} is not available.", cancellationToken);
            return JobOutcome.Done;
        }

        // The deadline counts from the attempt's start, whatever the provider does: one that cannot be
        // reached or keeps rate limiting must not hold the video and its credits for ever.
        var provider = providers.Resolve(model);
        var remaining = video.StartedAt + options.Value.Deadline - time.GetUtcNow().UtcDateTime;
        if (remaining <= TimeSpan.Zero)
        {
            await FailAsync(job, video.UserId, video.Model, "The video took too long to generate.", cancellationToken);
            if (video.ProviderJobId is { } late)
            {
                await provider.CancelAsync(model, late, cancellationToken);
            }

            return JobOutcome.Done;
        }

        var outcome = await StepAsync(job, video, model, provider, cancellationToken);

        // A follow-up never waits past the deadline, so the attempt fails at its deadline, not a back-off later.
        return outcome.Next is not null && outcome.Delay > remaining ? outcome with { Delay = remaining } : outcome;
    }

    private async Task<JobOutcome> StepAsync(VideoJobMessage job, CurrentVideo video, VideoModel model, IVideoProvider provider, CancellationToken cancellationToken)
    {
        if (video.Status == VideoStatus.Pending)
        {
            return await SubmitAsync(job, video, model, provider, cancellationToken);
        }

        if (video.ProviderJobId is not { } providerJobId)
        {
            // Marked processing, but the provider's answer was never recorded (the Worker stopped in
            // between): the provider may have started a job we cannot see, so it is not submitted again.
            await FailAsync(job, video.UserId, video.Model, "The provider did not confirm the job.", cancellationToken);
            return JobOutcome.Done;
        }

        return await PollAsync(job, video, model, provider, providerJobId, cancellationToken);
    }

    /// <summary>Fails the attempt and refunds it, both at most once, in one transaction.</summary>
    public async Task FailAsync(VideoJobMessage job, long userId, string model, string reason, CancellationToken cancellationToken)
    {
        var message = reason.Length <= 500 ? reason : reason[..500];
        var now = time.GetUtcNow().UtcDateTime;
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var failed = await db.Videos
                .Where(v => v.Id == job.VideoId && v.Attempt == job.Attempt && (v.Status == VideoStatus.Pending || v.Status == VideoStatus.Processing))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(v => v.Status, VideoStatus.Failed)
                    .SetProperty(v => v.ErrorMessage, message)
                    .SetProperty(v => v.UpdatedAt, now), cancellationToken);
            if (failed == 1)
            {
                await ledger.RefundAsync(userId, job.VideoId, job.Attempt, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        });
        LogFailed(logger, job.VideoId, job.Attempt, message);
        metrics.Finished(model, "failed");
        await events.PublishAsync(db, job.VideoId, cancellationToken);
    }

    private async Task<JobOutcome> SubmitAsync(VideoJobMessage job, CurrentVideo video, VideoModel model, IVideoProvider provider, CancellationToken cancellationToken)
    {
        var claimed = await Videos(job, VideoStatus.Pending).ExecuteUpdateAsync(s => s
            .SetProperty(v => v.Status, VideoStatus.Processing)
            .SetProperty(v => v.Provider, model.Options.Provider)
            .SetProperty(v => v.UpdatedAt, time.GetUtcNow().UtcDateTime), cancellationToken);
        if (claimed == 0)
        {
            return JobOutcome.Done;
        }

        await events.PublishAsync(db, job.VideoId, cancellationToken);
        ReferenceImage? image = null;
        if (video.ReferenceImageUrl is { } reference)
        {
            var (loaded, error) = await images.LoadAsync(reference, cancellationToken);
            if (loaded is null)
            {
                await FailAsync(job, video.UserId, video.Model, error ?? ProviderReasons.ReferenceImageUnreadable, cancellationToken);
                return JobOutcome.Done;
            }

            image = loaded;
        }

        switch (await provider.SubmitAsync(new ProviderJobRequest(model, video.Prompt, image), cancellationToken))
        {
            case ProviderSubmitResult.Accepted accepted:
                var recorded = await Videos(job, VideoStatus.Processing).ExecuteUpdateAsync(s => s
                    .SetProperty(v => v.ProviderJobId, accepted.JobId)
                    .SetProperty(v => v.UpdatedAt, time.GetUtcNow().UtcDateTime), cancellationToken);
                if (recorded == 0)
                {
                    // Deleted while we were submitting: the provider job has no video any more.
                    await provider.CancelAsync(model, accepted.JobId, cancellationToken);
                    return JobOutcome.Done;
                }

                return JobOutcome.Later(job with { SubmittedAt = time.GetUtcNow().UtcDateTime, Polls = 0 }, FirstPoll(model));

            case ProviderSubmitResult.RateLimited limited:
                metrics.ProviderError(model.Options.Provider, "rate_limited");
                // Nothing was accepted: back to pending, and the same submit comes round again later.
                await Videos(job, VideoStatus.Processing).ExecuteUpdateAsync(s => s
                    .SetProperty(v => v.Status, VideoStatus.Pending)
                    .SetProperty(v => v.UpdatedAt, time.GetUtcNow().UtcDateTime), cancellationToken);
                await events.PublishAsync(db, job.VideoId, cancellationToken);
                return JobOutcome.Later(job, limited.RetryAfter > TimeSpan.Zero ? limited.RetryAfter : options.Value.PollInterval);

            case ProviderSubmitResult.Rejected rejected:
                metrics.ProviderError(model.Options.Provider, rejected.IsContentPolicy ? "content_policy" : "rejected");
                await FailAsync(job, video.UserId, video.Model, rejected.Reason, cancellationToken);
                return JobOutcome.Done;

            case ProviderSubmitResult.Unknown unknown:
                metrics.ProviderError(model.Options.Provider, "unknown_outcome");
                await FailAsync(job, video.UserId, video.Model, unknown.Reason, cancellationToken);
                return JobOutcome.Done;

            default:
                throw new InvalidOperationException("Unknown submit result.");
        }
    }

    private async Task<JobOutcome> PollAsync(VideoJobMessage job, CurrentVideo video, VideoModel model, IVideoProvider provider, string providerJobId, CancellationToken cancellationToken)
    {
        switch (await provider.GetStatusAsync(model, providerJobId, cancellationToken))
        {
            case ProviderJobStatus.Running running:
                if (running.Progress is { } progress && progress != video.Progress)
                {
                    var updated = await Videos(job, VideoStatus.Processing).ExecuteUpdateAsync(s => s
                        .SetProperty(v => v.Progress, Math.Clamp(progress, 0, 99))
                        .SetProperty(v => v.UpdatedAt, time.GetUtcNow().UtcDateTime), cancellationToken);
                    if (updated == 1)
                    {
                        await events.PublishAsync(db, job.VideoId, cancellationToken);
                    }
                }

                return NextPoll(job, model);

            case ProviderJobStatus.TransientError:
                metrics.ProviderError(model.Options.Provider, "transient");
                return NextPoll(job, model);

            case ProviderJobStatus.Failed failed:
                await FailAsync(job, video.UserId, video.Model, failed.Reason, cancellationToken);
                return JobOutcome.Done;

            case ProviderJobStatus.Succeeded:
                return await FinishAsync(job, video, model, provider, providerJobId, cancellationToken);

            default:
                throw new InvalidOperationException("Unknown job status.");
        }
    }

    private async Task<JobOutcome> FinishAsync(VideoJobMessage job, CurrentVideo video, VideoModel model, IVideoProvider provider, string providerJobId, CancellationToken cancellationToken)
    {
        switch (await provider.DownloadAsync(model, providerJobId, cancellationToken))
        {
            case ProviderDownloadResult.Downloaded downloaded:
                await using (var output = downloaded.Output)
                {
                    var stored = await outputs.SaveAsync(video.UserId, job.VideoId, job.Attempt, output, cancellationToken);
                    var now = time.GetUtcNow().UtcDateTime;
                    var completed = await Videos(job, VideoStatus.Processing).ExecuteUpdateAsync(s => s
                        .SetProperty(v => v.Status, VideoStatus.Completed)
                        .SetProperty(v => v.Progress, 100)
                        .SetProperty(v => v.VideoBlob, stored.VideoBlob)
                        .SetProperty(v => v.PosterBlob, stored.PosterBlob)
                        .SetProperty(v => v.Duration, stored.Duration)
                        .SetProperty(v => v.Resolution, stored.Resolution)
                        .SetProperty(v => v.CompletedAt, now)
                        .SetProperty(v => v.UpdatedAt, now), cancellationToken);
                    if (completed == 0)
                    {
                        // Deleted meanwhile: keep no orphan media.
                        await outputs.DeleteAsync(stored);
                    }
                    else
                    {
                        metrics.Finished(model.Id, "completed");
                        if (job.SubmittedAt is { } submittedAt)
                        {
                            metrics.Generated(model.Id, now - submittedAt);
                        }

                        await events.PublishAsync(db, job.VideoId, cancellationToken);
                    }
                }

                return JobOutcome.Done;

            case ProviderDownloadResult.Failed { IsTransient: true }:
                return NextPoll(job, model);

            case ProviderDownloadResult.Failed failed:
                await FailAsync(job, video.UserId, video.Model, failed.Reason, cancellationToken);
                return JobOutcome.Done;

            default:
                throw new InvalidOperationException("Unknown download result.");
        }
    }

    private TimeSpan FirstPoll(VideoModel model) =>
        options.Value.PollIntervals.TryGetValue(model.Options.Provider, out var interval) ? interval : options.Value.PollInterval;

    /// <summary>Back off from the provider's interval, one step every two polls, up to the maximum.</summary>
    private JobOutcome NextPoll(VideoJobMessage job, VideoModel model)
    {
        var delay = FirstPoll(model) * (1 + (job.Polls / 2));
        return JobOutcome.Later(job with { Polls = job.Polls + 1 }, delay < options.Value.MaxPollInterval ? delay : options.Value.MaxPollInterval);
    }

    private IQueryable<Video> Videos(VideoJobMessage job, VideoStatus status) =>
        db.Videos.Where(v => v.Id == job.VideoId && v.Attempt == job.Attempt && v.Status == status);

    [LoggerMessage(LogLevel.Information, "Video {VideoId} attempt {Attempt} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, long videoId, int attempt, string reason);

    private sealed record CurrentVideo(long UserId, int Attempt, VideoStatus Status, string Model, string Prompt, string? ReferenceImageUrl, string? ProviderJobId, int Progress, DateTime StartedAt);
}
