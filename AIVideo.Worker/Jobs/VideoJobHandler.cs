using AIVideo.Core.Data;
using AIVideo.Core.Data.Entities;
using AIVideo.Core.Videos;
using AIVideo.Worker.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AIVideo.Worker.Jobs;

/// <summary>
/// One step of a video's generation per queue message: submit it to its provider, or poll the
/// provider and finish it. The step is claimed first (<see cref="VideoStepClaims"/>), so of any
/// number of copies of a message only one acts; every change is a transition of
/// <see cref="VideoTransitions"/> conditional on that claim. A step that continues sends its next
/// message before its change ends the step, so a crash in between repeats the step instead of
/// losing the job. Only the copy that made a change logs, counts and publishes it.
/// </summary>
internal sealed partial class VideoJobHandler(
    AIVideoDbContext db,
    VideoStepClaims claims,
    VideoTransitions transitions,
    VideoModelCatalog catalog,
    VideoProviderResolver providers,
    ReferenceImageLoader images,
    VideoOutputStore outputs,
    VideoJobQueue queue,
    VideoEvents events,
    VideoJobMetrics metrics,
    IOptions<VideoJobOptions> options,
    TimeProvider time,
    ILogger<VideoJobHandler> logger)
{
    public async Task HandleAsync(VideoJobMessage job, Guid claimId, CancellationToken cancellationToken)
    {
        if (job.Cancel is { } cancel)
        {
            await CancelProviderJobAsync(cancel.Model, cancel.ProviderJobId, cancellationToken);
            return;
        }

        var claim = await claims.TryClaimAsync(job, claimId, options.Value.VisibilityTimeout, cancellationToken);
        if (claim is not { Step: { } step, Video: { } video })
        {
            await RefusedAsync(job, claim, cancellationToken);
            return;
        }

        if (catalog.Find(video.Model) is not { Available: true } model)
        {
            await FailAsync(step, video.Model, $"The model {video.Model} is not available.", cancellationToken);
            return;
        }

        // The deadline counts from the attempt's start, whatever the provider does: one that cannot be
        // reached or keeps rate limiting must not hold the video and its credits for ever.
        var remaining = video.StartedAt + options.Value.Deadline - time.GetUtcNow().UtcDateTime;
        if (remaining <= TimeSpan.Zero)
        {
            await FailAsync(step, video.Model, "The video took too long to generate.", cancellationToken);
            if (video.ProviderJobId is { } late)
            {
                await CancelProviderJobAsync(model.Id, late, cancellationToken);
            }

            return;
        }

        var provider = providers.Resolve(model);
        var current = new CurrentStep(job, step, video, model, provider, remaining);
        if (video.Status == VideoStatus.Pending)
        {
            await SubmitAsync(current, cancellationToken);
        }
        else if (video.ProviderJobId is { } providerJobId)
        {
            await PollAsync(current, providerJobId, cancellationToken);
        }
        else
        {
            // Processing without a provider job: a Worker stopped while submitting. The provider may have
            // started a job we cannot see, so it is not submitted again (that could bill twice).
            await FailAsync(step, video.Model, "The provider did not confirm the job.", cancellationToken);
        }
    }

    /// <summary>
    /// A message that kept failing: if its step is still the video's current one, the video fails
    /// (refunded) and its provider job, if any, is cancelled. A copy of a step already done, or not
    /// reached, fails nothing: another message is carrying the job.
    /// </summary>
    public async Task AbandonAsync(VideoJobMessage job, CancellationToken cancellationToken)
    {
        var video = await db.Videos.AsNoTracking()
            .Where(v => v.Id == job.VideoId && v.Attempt == job.Attempt && v.JobStep == job.Step)
            .Select(v => new { v.Model, v.ProviderJobId })
            .SingleOrDefaultAsync(cancellationToken);
        if (video is null || !await FailAsync(job.VideoId, job.Attempt, video.Model, "The video could not be generated because of an internal error.", cancellationToken))
        {
            return;
        }

        if (video.ProviderJobId is { } providerJobId)
        {
            await CancelProviderJobAsync(video.Model, providerJobId, cancellationToken);
        }
    }

    private async Task RefusedAsync(VideoJobMessage job, StepClaim claim, CancellationToken cancellationToken)
    {
        metrics.Skipped(claim.Refusal);
        switch (claim.Refusal)
        {
            case StepRefusal.Held:
                // Another copy is at work. Should its Worker die, its own message returns when the claim
                // runs out; this copy comes back just after that too, and whichever is first goes on.
                var wait = claim.HeldUntil is { } until ? until - time.GetUtcNow().UtcDateTime : TimeSpan.Zero;
                await queue.SendAsync(job, (wait > TimeSpan.Zero ? wait : TimeSpan.Zero) + options.Value.RecheckDelay, cancellationToken);
                break;

            case StepRefusal.Early:
                // Sent by the step before, whose change has not committed yet: look again shortly.
                await queue.SendAsync(job, options.Value.RecheckDelay, cancellationToken);
                break;

            default:
                LogObsolete(logger, job.VideoId, job.Attempt, job.Step);
                break;
        }
    }

    private async Task SubmitAsync(CurrentStep current, CancellationToken cancellationToken)
    {
        var (job, step, video, model, provider, _) = current;
        if (!await transitions.StartSubmitAsync(step, model.Options.Provider, cancellationToken))
        {
            return;
        }

        await events.PublishAsync(db, job.VideoId, cancellationToken);
        ReferenceImage? image = null;
        if (video.ReferenceImageUrl is { } reference)
        {
            var (loaded, error) = await images.LoadAsync(reference, cancellationToken);
            if (loaded is null)
            {
                await FailAsync(step, video.Model, error ?? ProviderReasons.ReferenceImageUnreadable, cancellationToken);
                return;
            }

            image = loaded;
        }

        switch (await provider.SubmitAsync(new ProviderJobRequest(model, video.Prompt, image), cancellationToken))
        {
            case ProviderSubmitResult.Accepted accepted:
                await ContinueAsync(current, job.Submitted(time.GetUtcNow().UtcDateTime), FirstPoll(model), async () =>
                {
                    bool recorded;
                    try
                    {
                        recorded = await transitions.RecordProviderJobAsync(step, accepted.JobId, cancellationToken);
                    }
                    catch (Exception) when (!cancellationToken.IsCancellationRequested)
                    {
                        // Unrecorded, the job would run with nobody to collect it (the step fails when repeated).
                        await CancelProviderJobAsync(model.Id, accepted.JobId, CancellationToken.None);
                        throw;
                    }

                    if (!recorded)
                    {
                        // Deleted while we were submitting: the provider job has no video any more.
                        await CancelProviderJobAsync(model.Id, accepted.JobId, cancellationToken);
                    }

                    return recorded;
                }, cancellationToken);
                return;

            case ProviderSubmitResult.RateLimited limited:
                metrics.ProviderError(model.Options.Provider, "rate_limited");
                // Nothing was accepted: back to pending, and the submit comes round again later.
                var delay = limited.RetryAfter > TimeSpan.Zero ? limited.RetryAfter : options.Value.PollInterval;
                if (await ContinueAsync(current, job.Postponed(), delay, () => transitions.PostponeSubmitAsync(step, cancellationToken), cancellationToken))
                {
                    await events.PublishAsync(db, job.VideoId, cancellationToken);
                }

                return;

            case ProviderSubmitResult.Rejected rejected:
                metrics.ProviderError(model.Options.Provider, rejected.IsContentPolicy ? "content_policy" : "rejected");
                await FailAsync(step, video.Model, rejected.Reason, cancellationToken);
                return;

            case ProviderSubmitResult.Unknown unknown:
                metrics.ProviderError(model.Options.Provider, "unknown_outcome");
                await FailAsync(step, video.Model, unknown.Reason, cancellationToken);
                return;

            default:
                throw new InvalidOperationException("Unknown submit result.");
        }
    }

    private async Task PollAsync(CurrentStep current, string providerJobId, CancellationToken cancellationToken)
    {
        var (_, step, video, model, provider, _) = current;
        switch (await provider.GetStatusAsync(model, providerJobId, cancellationToken))
        {
            case ProviderJobStatus.Running running:
                var progress = running.Progress is { } value && value != video.Progress ? value : (int?)null;
                if (await NextPollAsync(current, progress, cancellationToken) && progress is not null)
                {
                    await events.PublishAsync(db, step.VideoId, cancellationToken);
                }

                return;

            case ProviderJobStatus.TransientError:
                metrics.ProviderError(model.Options.Provider, "transient");
                await NextPollAsync(current, progress: null, cancellationToken);
                return;

            case ProviderJobStatus.Failed failed:
                await FailAsync(step, video.Model, failed.Reason, cancellationToken);
                return;

            case ProviderJobStatus.Succeeded:
                await FinishAsync(current, providerJobId, cancellationToken);
                return;

            default:
                throw new InvalidOperationException("Unknown job status.");
        }
    }

    private async Task FinishAsync(CurrentStep current, string providerJobId, CancellationToken cancellationToken)
    {
        var (job, step, video, model, provider, _) = current;
        switch (await provider.DownloadAsync(model, providerJobId, cancellationToken))
        {
            case ProviderDownloadResult.Downloaded downloaded:
                await using (var output = downloaded.Output)
                {
                    // Stored under names of this claim's own: a copy that lost its claim meanwhile deletes
                    // only what it wrote, never the media the video points at.
                    var stored = await outputs.SaveAsync(video.UserId, step, output, cancellationToken);
                    if (!await transitions.CompleteAsync(step, stored, cancellationToken))
                    {
                        await outputs.DeleteAsync(stored);
                        return;
                    }
                }

                metrics.Finished(model.Id, VideoStatus.Completed);
                if (job.SubmittedAt is { } submittedAt)
                {
                    metrics.Generated(model.Id, time.GetUtcNow().UtcDateTime - submittedAt);
                }

                await events.PublishAsync(db, job.VideoId, cancellationToken);
                return;

            case ProviderDownloadResult.Failed { IsTransient: true }:
                await NextPollAsync(current, progress: null, cancellationToken);
                return;

            case ProviderDownloadResult.Failed failed:
                await FailAsync(step, video.Model, failed.Reason, cancellationToken);
                return;

            default:
                throw new InvalidOperationException("Unknown download result.");
        }
    }

    /// <summary>Back off from the provider's interval, one step every two polls, up to the maximum.</summary>
    private Task<bool> NextPollAsync(CurrentStep current, int? progress, CancellationToken cancellationToken)
    {
        var delay = FirstPoll(current.Model) * (1 + (current.Job.Polls / 2));
        return ContinueAsync(
            current,
            current.Job.Polled(),
            delay < options.Value.MaxPollInterval ? delay : options.Value.MaxPollInterval,
            () => transitions.RecordPollAsync(current.Step, progress, cancellationToken),
            cancellationToken);
    }

    /// <summary>
    /// Sends the next step's message, then ends this step with <paramref name="endStep"/>. In that order:
    /// should the Worker stop in between, this message comes back and repeats the step, and the next
    /// one waits for it (<see cref="StepRefusal.Early"/>); the other way round, the job would be lost.
    /// A follow-up never waits past the deadline, so the attempt fails at its deadline, not a back-off later.
    /// </summary>
    private async Task<bool> ContinueAsync(CurrentStep current, VideoJobMessage next, TimeSpan delay, Func<Task<bool>> endStep, CancellationToken cancellationToken)
    {
        await queue.SendAsync(next, delay < current.Remaining ? delay : current.Remaining, cancellationToken);
        return await endStep();
    }

    private TimeSpan FirstPoll(VideoModel model) =>
        options.Value.PollIntervals.TryGetValue(model.Options.Provider, out var interval) ? interval : options.Value.PollInterval;

    private Task<bool> FailAsync(ClaimedStep step, string model, string reason, CancellationToken cancellationToken) =>
        FailAsync(step.VideoId, step.Attempt, model, reason, cancellationToken);

    /// <summary>Fails the attempt, refunded; only the call that failed it logs, counts and publishes it.</summary>
    private async Task<bool> FailAsync(long videoId, int attempt, string model, string reason, CancellationToken cancellationToken)
    {
        if (!await transitions.FailAsync(videoId, attempt, reason, cancellationToken))
        {
            return false;
        }

        LogFailed(logger, videoId, attempt, reason);
        metrics.Finished(model, VideoStatus.Failed);
        await events.PublishAsync(db, videoId, cancellationToken);
        return true;
    }

    /// <summary>Best effort: a provider job nobody will collect is cancelled so that it stops billing.</summary>
    private async Task CancelProviderJobAsync(string modelId, string providerJobId, CancellationToken cancellationToken)
    {
        if (catalog.Find(modelId) is { Available: true } model)
        {
            await providers.Resolve(model).CancelAsync(model, providerJobId, cancellationToken);
        }
    }

    [LoggerMessage(LogLevel.Information, "Video {VideoId} attempt {Attempt} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, long videoId, int attempt, string reason);

    [LoggerMessage(LogLevel.Debug, "Skipped an obsolete message of video {VideoId} attempt {Attempt} step {Step}")]
    private static partial void LogObsolete(ILogger logger, long videoId, int attempt, int step);

    private sealed record CurrentStep(VideoJobMessage Job, ClaimedStep Step, ClaimedVideo Video, VideoModel Model, IVideoProvider Provider, TimeSpan Remaining);
}
