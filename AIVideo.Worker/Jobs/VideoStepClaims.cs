using AIVideo.Core.Data;
using AIVideo.Core.Data.Entities;
using AIVideo.Core.Videos;
using Microsoft.EntityFrameworkCore;

namespace AIVideo.Worker.Jobs;

/// <summary>
/// Who may act on a job message. A Worker claims the step its message names (video, attempt, step)
/// for a lease before it does anything; any other copy of that message (an outbox resend, a second
/// delivery after a visibility timeout, a second Worker) is refused, and learns whether it is
/// obsolete, early, or has to wait for the holder's lease. The step's change in
/// <see cref="VideoTransitions"/> ends the claim and moves the attempt to its next step.
/// </summary>
internal sealed class VideoStepClaims(AIVideoDbContext db, TimeProvider time)
{
    private static readonly string s_pending = VideoLifecycle.NameOf(VideoStatus.Pending);
    private static readonly string s_processing = VideoLifecycle.NameOf(VideoStatus.Processing);
    private static readonly string s_charge = SnakeCaseNames.Of(CreditReason.GenerationCharge);

    /// <summary>Claims the message's step until <paramref name="lease"/> from now, reading what the step needs in the same statement.</summary>
    public async Task<StepClaim> TryClaimAsync(VideoJobMessage job, Guid claim, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;

        // An attempt starts in the transaction that charges it (generate or retry), so its charge's
        // time is its start; the video's own creation time stands in should the charge be missing.
        var claimed = (await db.Database.SqlQuery<ClaimedRow>($"""
            UPDATE videos SET job_claim = {claim}, job_claimed_until = {now + lease}
            WHERE id = {job.VideoId} AND attempt = {job.Attempt} AND job_step = {job.Step}
              AND status IN ({s_pending}, {s_processing})
              AND (job_claimed_until IS NULL OR job_claimed_until < {now})
            RETURNING user_id, status, model, prompt, reference_image_url, provider_job_id, progress,
                COALESCE((SELECT t.created_at FROM credit_transactions t
                          WHERE t.video_id = videos.id AND t.attempt = videos.attempt AND t.reason = {s_charge}), videos.created_at) AS started_at
            """).ToListAsync(cancellationToken)).SingleOrDefault();
        if (claimed is not null)
        {
            var video = new ClaimedVideo(
                claimed.UserId, VideoLifecycle.StatusNamed(claimed.Status), claimed.Model, claimed.Prompt, claimed.ReferenceImageUrl, claimed.ProviderJobId, claimed.Progress, claimed.StartedAt);
            return new StepClaim(new ClaimedStep(job.VideoId, job.Attempt, job.Step, claim), video, StepRefusal.None, null);
        }

        var current = await db.Videos.AsNoTracking()
            .Where(v => v.Id == job.VideoId)
            .Select(v => new { v.Attempt, v.Status, v.JobStep, v.JobClaimedUntil })
            .SingleOrDefaultAsync(cancellationToken);
        if (current is null || current.Attempt != job.Attempt || VideoLifecycle.IsFinished(current.Status) || current.JobStep > job.Step)
        {
            // Deleted, retried since, finished, or this step is already done.
            return new StepClaim(null, null, StepRefusal.Obsolete, null);
        }

        return current.JobStep < job.Step
            ? new StepClaim(null, null, StepRefusal.Early, null)
            : new StepClaim(null, null, StepRefusal.Held, current.JobClaimedUntil);
    }

    /// <summary>Keeps a long step's claim: returns false when it was lost (the step ended, or the video is gone).</summary>
    public async Task<bool> ExtendAsync(ClaimedStep step, TimeSpan lease, CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow().UtcDateTime + lease;
        return await db.Videos
            .Where(v => v.Id == step.VideoId && v.Attempt == step.Attempt && v.JobStep == step.Step && v.JobClaim == step.Claim)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.JobClaimedUntil, until), cancellationToken) == 1;
    }

    private sealed record ClaimedRow(long UserId, string Status, string Model, string Prompt, string? ReferenceImageUrl, string? ProviderJobId, int Progress, DateTime StartedAt);
}

/// <summary>What a claimed step needs to know of its video, read by the claim itself.</summary>
internal sealed record ClaimedVideo(long UserId, VideoStatus Status, string Model, string Prompt, string? ReferenceImageUrl, string? ProviderJobId, int Progress, DateTime StartedAt);

/// <summary>The claim, or why there is none: <see cref="StepRefusal.Held"/> comes with the holder's lease end.</summary>
internal sealed record StepClaim(ClaimedStep? Step, ClaimedVideo? Video, StepRefusal Refusal, DateTime? HeldUntil);

internal enum StepRefusal
{
    None,

    /// <summary>The step is done, the attempt retried or finished, or the video deleted: the message has nothing left to do.</summary>
    Obsolete,

    /// <summary>Another copy is working on this step now; this one waits for its lease, in case the holder dies.</summary>
    Held,

    /// <summary>The message is for a step the video has not reached: its predecessor is still finishing (it sent it first).</summary>
    Early,
}
