using AIVideo.Core.Credits;
using AIVideo.Core.Data;
using AIVideo.Core.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.Options;

namespace AIVideo.Core.Videos;

/// <summary>
/// Every change of a video's state, each one conditional update checked against
/// <see cref="VideoLifecycle"/>: a change whose condition no longer holds (a duplicate, stale or late
/// request or message) changes nothing and says so. The Api starts, retries and deletes attempts,
/// writing the attempt's job message to the outbox in the caller's transaction; the Worker moves an
/// attempt along one step at a time, each step claimed (the Worker's <c>VideoStepClaims</c>) so that only
/// one copy of a message acts, and each step's change advances the step and releases the claim.
/// </summary>
public sealed class VideoTransitions(AIVideoDbContext db, CreditLedger ledger, IOptions<VideoQueueOptions> queues, TimeProvider time)
{
    private static readonly string s_pending = VideoLifecycle.NameOf(VideoStatus.Pending);
    private static readonly string s_processing = VideoLifecycle.NameOf(VideoStatus.Processing);
    private static readonly string s_failed = VideoLifecycle.NameOf(VideoStatus.Failed);

    /// <summary>A new pending video and its first job message, in the caller's transaction (the charge joins it).</summary>
    public async Task<CreatedVideo> CreateAsync(NewVideo video, CancellationToken cancellationToken)
    {
        var created = (await db.Database.SqlQuery<InsertedVideo>($"""
            INSERT INTO videos (user_id, prompt, model, reference_image_url, status, attempt, progress, idempotency_key, idempotency_request_hash)
            VALUES ({video.UserId}, {video.Prompt}, {video.Model}, {video.ReferenceImageUrl}, {s_pending}, 1, 0, {video.IdempotencyKey}, {video.IdempotencyRequestHash})
            RETURNING id, created_at
            """).ToListAsync(cancellationToken)).Single();
        await EnqueueAsync(VideoJobMessage.StartOf(created.Id, attempt: 1), cancellationToken);
        return new CreatedVideo(created.Id, created.CreatedAt);
    }

    /// <summary>
    /// A failed video's next attempt, pending, with its job message, in the caller's transaction (the
    /// charge joins it). Null when the user has no failed video of that id.
    /// </summary>
    public async Task<RetriedVideo?> RetryAsync(long userId, long videoId, CancellationToken cancellationToken)
    {
        VideoLifecycle.EnsureAllowed([VideoStatus.Failed], VideoStatus.Pending);
        var retried = (await db.Database.SqlQuery<RetriedAttempt>($"""
            UPDATE videos SET status = {s_pending}, attempt = attempt + 1, job_step = 0, job_claim = NULL, job_claimed_until = NULL,
                progress = 0, error_message = NULL, provider = NULL, provider_job_id = NULL, video_blob = NULL, poster_blob = NULL,
                duration = NULL, resolution = NULL, completed_at = NULL, updated_at = now()
            WHERE id = {videoId} AND user_id = {userId} AND status = {s_failed}
            RETURNING attempt, model
            """).ToListAsync(cancellationToken)).SingleOrDefault();
        if (retried is null)
        {
            return null;
        }

        await EnqueueAsync(VideoJobMessage.StartOf(videoId, retried.Attempt), cancellationToken);
        return new RetriedVideo(retried.Attempt, retried.Model);
    }

    /// <summary>
    /// Removes the user's video, in the caller's transaction. An unfinished one is refunded (once,
    /// whatever the concurrency) and, when its provider job is known, the Worker is asked to cancel it.
    /// Null when the user has no video of that id.
    /// </summary>
    public async Task<VideoCleanup?> DeleteAsync(long userId, long videoId, CancellationToken cancellationToken)
    {
        var row = (await db.Database.SqlQuery<DeletedRow>($"""
            DELETE FROM videos WHERE id = {videoId} AND user_id = {userId}
            RETURNING status, attempt, model, video_blob, poster_blob, provider_job_id
            """).ToListAsync(cancellationToken)).SingleOrDefault();
        if (row is null)
        {
            return null;
        }

        var cancelQueued = false;
        if (!VideoLifecycle.IsFinished(VideoLifecycle.StatusNamed(row.Status)))
        {
            await ledger.RefundAsync(userId, videoId, row.Attempt, cancellationToken);
            if (row.ProviderJobId is { } providerJobId)
            {
                await EnqueueAsync(VideoJobMessage.CancelOf(videoId, row.Attempt, row.Model, providerJobId), cancellationToken);
                cancelQueued = true;
            }
        }

        return new VideoCleanup(row.VideoBlob, row.PosterBlob, cancelQueued);
    }

    /// <summary>The Worker starts submitting a claimed pending attempt: processing, without a provider job yet.</summary>
    public Task<bool> StartSubmitAsync(ClaimedStep step, string provider, CancellationToken cancellationToken) =>
        ChangedAsync(Move(Claimed(step), VideoStatus.Pending, VideoStatus.Processing).ExecuteUpdateAsync(s => s
            .SetProperty(v => v.Status, VideoStatus.Processing)
            .SetProperty(v => v.Provider, provider)
            .SetProperty(v => v.UpdatedAt, Now()), cancellationToken));

    /// <summary>The provider accepted the job: its id is recorded and the step ends.</summary>
    public Task<bool> RecordProviderJobAsync(ClaimedStep step, string providerJobId, CancellationToken cancellationToken) =>
        ChangedAsync(Move(Claimed(step), VideoStatus.Processing, VideoStatus.Processing).ExecuteUpdateAsync(s => Advance(s)
            .SetProperty(v => v.ProviderJobId, providerJobId)
            .SetProperty(v => v.UpdatedAt, Now()), cancellationToken));

    /// <summary>The provider took nothing and asked us to come back later: pending again, and the step ends.</summary>
    public Task<bool> PostponeSubmitAsync(ClaimedStep step, CancellationToken cancellationToken) =>
        ChangedAsync(Move(Claimed(step), VideoStatus.Processing, VideoStatus.Pending).ExecuteUpdateAsync(s => Advance(s)
            .SetProperty(v => v.Status, VideoStatus.Pending)
            .SetProperty(v => v.UpdatedAt, Now()), cancellationToken));

    /// <summary>A poll that finished nothing ends its step, recording the provider's progress when it moved.</summary>
    public Task<bool> RecordPollAsync(ClaimedStep step, int? progress, CancellationToken cancellationToken) =>
        ChangedAsync(Move(Claimed(step), VideoStatus.Processing, VideoStatus.Processing).ExecuteUpdateAsync(s =>
        {
            Advance(s);
            if (progress is { } value)
            {
                s.SetProperty(v => v.Progress, Math.Clamp(value, 0, 99)).SetProperty(v => v.UpdatedAt, Now());
            }
        }, cancellationToken));

    /// <summary>The video is stored: completed, pointing at its media.</summary>
    public Task<bool> CompleteAsync(ClaimedStep step, VideoMedia media, CancellationToken cancellationToken)
    {
        var now = Now();
        return ChangedAsync(Move(Claimed(step), VideoStatus.Processing, VideoStatus.Completed).ExecuteUpdateAsync(s => Advance(s)
            .SetProperty(v => v.Status, VideoStatus.Completed)
            .SetProperty(v => v.Progress, 100)
            .SetProperty(v => v.VideoBlob, media.VideoBlob)
            .SetProperty(v => v.PosterBlob, media.PosterBlob)
            .SetProperty(v => v.Duration, media.Duration)
            .SetProperty(v => v.Resolution, media.Resolution)
            .SetProperty(v => v.CompletedAt, now)
            .SetProperty(v => v.UpdatedAt, now), cancellationToken));
    }

    /// <summary>
    /// Fails an unfinished attempt and refunds it, both at most once, in one transaction. Returns
    /// whether this call failed it (false when it was already finished, retried or deleted).
    /// </summary>
    public async Task<bool> FailAsync(long videoId, int attempt, string reason, CancellationToken cancellationToken)
    {
        VideoLifecycle.EnsureAllowed(VideoLifecycle.Unfinished, VideoStatus.Failed);
        var message = reason.Length <= 500 ? reason : reason[..500];
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var owners = await db.Database.SqlQuery<long>($"""
                UPDATE videos SET status = {s_failed}, error_message = {message}, job_claim = NULL, job_claimed_until = NULL, updated_at = {Now()}
                WHERE id = {videoId} AND attempt = {attempt} AND status IN ({s_pending}, {s_processing})
                RETURNING user_id AS "Value"
                """).ToListAsync(cancellationToken);
            if (owners is [var userId])
            {
                await ledger.RefundAsync(userId, videoId, attempt, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return owners.Count == 1;
        });
    }

    /// <summary>
    /// Writes a job message to the outbox in the caller's transaction; the outbox dispatcher sends
    /// it once committed (the Api wakes it with its <c>OutboxSignal</c>).
    /// </summary>
    private async Task EnqueueAsync(VideoJobMessage job, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO outbox_messages (queue, payload, created_at) VALUES ({queues.Value.Jobs}, {job.ToPayload()}::jsonb, {Now()})
            """, cancellationToken);

    private IQueryable<Video> Claimed(ClaimedStep step) =>
        db.Videos.Where(v => v.Id == step.VideoId && v.Attempt == step.Attempt && v.JobStep == step.Step && v.JobClaim == step.Claim);

    private static IQueryable<Video> Move(IQueryable<Video> videos, VideoStatus from, VideoStatus to)
    {
        VideoLifecycle.EnsureAllowed([from], to);
        return videos.Where(v => v.Status == from);
    }

    /// <summary>Ends the claimed step: the next message carries the next step, and any Worker may claim it.</summary>
    private static UpdateSettersBuilder<Video> Advance(UpdateSettersBuilder<Video> setters) => setters
        .SetProperty(v => v.JobStep, v => v.JobStep + 1)
        .SetProperty(v => v.JobClaim, (Guid?)null)
        .SetProperty(v => v.JobClaimedUntil, (DateTime?)null);

    private static async Task<bool> ChangedAsync(Task<int> update) => await update == 1;

    private DateTime Now() => time.GetUtcNow().UtcDateTime;

    private sealed record InsertedVideo(long Id, DateTime CreatedAt);

    private sealed record RetriedAttempt(int Attempt, string Model);

    private sealed record DeletedRow(string Status, int Attempt, string Model, string? VideoBlob, string? PosterBlob, string? ProviderJobId);
}

public sealed record NewVideo(long UserId, string Prompt, string Model, string? ReferenceImageUrl, string? IdempotencyKey, string? IdempotencyRequestHash);

/// <summary>A new video, whose start message is in the outbox.</summary>
public sealed record CreatedVideo(long Id, DateTime CreatedAt);

/// <summary>A failed video's new attempt, whose start message is in the outbox.</summary>
public sealed record RetriedVideo(int Attempt, string Model);

/// <summary>
/// What a video's deletion leaves to do once it has committed: its media to remove, and whether a
/// cancellation of its provider job is in the outbox. (Not <see cref="DeletedVideo"/>, which is
/// how the <c>video.deleted</c> event names the video.)
/// </summary>
public sealed record VideoCleanup(string? VideoBlob, string? PosterBlob, bool CancelQueued);

/// <summary>Where a completed video's media are stored, and what they are.</summary>
public sealed record VideoMedia(string VideoBlob, string? PosterBlob, int? Duration, string? Resolution);
