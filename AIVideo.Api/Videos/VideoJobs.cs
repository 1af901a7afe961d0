using System.Diagnostics;
using System.Text.Json;
using AIVideo.Core.Credits;
using AIVideo.Core.Data;
using AIVideo.Core.Data.Entities;
using AIVideo.Core.Media;
using AIVideo.Core.Outbox;
using AIVideo.Core.Serialization;
using AIVideo.Core.Videos;
using Azure;
using Azure.Storage.Blobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AIVideo.Api.Videos;

/// <summary>
/// The money-and-queue side of the Videos endpoints. Each change is one transaction that charges
/// or refunds through the <see cref="CreditLedger"/> and writes the queue message to the outbox;
/// the message is sent after commit, and the outbox dispatcher sends it if that send never happens.
/// </summary>
public sealed partial class VideoJobs(
    AIVideoDbContext db,
    CreditLedger ledger,
    OutboxSender outbox,
    BlobServiceClient blobs,
    IOptions<VideoQueueOptions> queues,
    TimeProvider time,
    ILogger<VideoJobs> logger)
{
    private static readonly TimeSpan s_idempotencyWindow = TimeSpan.FromHours(24);

    public async Task<SubmitOutcome> SubmitAsync(long userId, GenerateVideoRequest request, VideoModel model, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var hash = idempotencyKey is null ? null : request.Hash();
        if (idempotencyKey is not null)
        {
            if (await FindByIdempotencyKeyAsync(userId, idempotencyKey, cancellationToken) is { } earlier)
            {
                return earlier.Hash == hash ? SubmitOutcome.Replayed(earlier.Row) : SubmitOutcome.KeyReused;
            }

            // A key older than the window may be used again: release it from its old video.
            var expired = time.GetUtcNow().UtcDateTime - s_idempotencyWindow;
            await db.Videos
                .Where(v => v.UserId == userId && v.IdempotencyKey == idempotencyKey && v.CreatedAt <= expired)
                .ExecuteUpdateAsync(s => s.SetProperty(v => v.IdempotencyKey, (string?)null).SetProperty(v => v.IdempotencyRequestHash, (string?)null), cancellationToken);
        }

        var traceparent = Activity.Current?.Id;
        var strategy = db.Database.CreateExecutionStrategy();
        NewJob? job;
        try
        {
            job = await strategy.ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

                // The video and its queue message in one statement; the charge follows in the same
                // transaction. Columns are snake_case: the naming convention maps result types too.
                var created = (await db.Database.SqlQuery<NewJob>($"""
                    WITH video AS (
                        INSERT INTO videos (user_id, prompt, model, reference_image_url, status, attempt, progress, idempotency_key, idempotency_request_hash)
                        VALUES ({userId}, {request.Prompt}, {model.Id}, {request.ReferenceImageUrl}, 'pending', 1, 0, {idempotencyKey}, {hash})
                        RETURNING id, created_at),
                    message AS (
                        INSERT INTO outbox_messages (queue, payload)
                        SELECT {queues.Value.Jobs}, jsonb_build_object('video_id', id, 'attempt', 1, 'traceparent', {traceparent}::text) FROM video
                        RETURNING id, payload::text AS payload)
                    SELECT video.id AS video_id, video.created_at, message.id AS outbox_id, message.payload
                    FROM video, message
                    """).ToListAsync(cancellationToken)).Single();

                if (await ledger.TryChargeAsync(userId, model.Options.CreditsCost, created.VideoId, attempt: 1, cancellationToken) is null)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    return null;
                }

                await transaction.CommitAsync(cancellationToken);
                return created;
            });
        }
        catch (PostgresException exception) when (exception is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "ix_videos_user_id_idempotency_key" })
        {
            // A concurrent request with the same key won the race: answer as its replay would.
            var winner = await FindByIdempotencyKeyAsync(userId, idempotencyKey!, cancellationToken);
            return winner is not null && winner.Hash == hash ? SubmitOutcome.Replayed(winner.Row) : SubmitOutcome.KeyReused;
        }

        if (job is null)
        {
            return SubmitOutcome.Insufficient(model.Options.CreditsCost, await ledger.GetBalanceAsync(userId, cancellationToken) ?? 0m);
        }

        await SendAfterCommitAsync(job.OutboxId, job.Payload, cancellationToken);
        return SubmitOutcome.Created(new VideoRow(
            job.VideoId, userId, request.Prompt!, model.Id, request.ReferenceImageUrl, null, null,
            VideoStatus.Pending, 0, null, null, null, job.CreatedAt, job.CreatedAt));
    }

    /// <summary>A failed video's new attempt: charged again, pending, queued.</summary>
    public async Task<RetryOutcome> RetryAsync(long userId, long videoId, VideoModelCatalog catalog, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        var result = await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var retried = (await db.Database.SqlQuery<RetriedVideo>($"""
                UPDATE videos SET status = 'pending', attempt = attempt + 1, progress = 0, error_message = NULL,
                    provider = NULL, provider_job_id = NULL, video_blob = NULL, poster_blob = NULL,
                    duration = NULL, resolution = NULL, completed_at = NULL, updated_at = now()
                WHERE id = {videoId} AND user_id = {userId} AND status = 'failed'
                RETURNING attempt, model
                """).ToListAsync(cancellationToken)).SingleOrDefault();
            if (retried is null)
            {
                var exists = await db.Videos.AnyAsync(v => v.Id == videoId && v.UserId == userId, cancellationToken);
                return new RetryResult(exists ? RetryOutcome.NotFailed : RetryOutcome.NotFound, null);
            }

            if (catalog.Find(retried.Model) is not { } model)
            {
                return new RetryResult(RetryOutcome.ModelGone(retried.Model), null);
            }

            if (await ledger.TryChargeAsync(userId, model.Options.CreditsCost, videoId, retried.Attempt, cancellationToken) is null)
            {
                await transaction.RollbackAsync(cancellationToken);
                return new RetryResult(RetryOutcome.Insufficient(model.Options.CreditsCost, await ledger.GetBalanceAsync(userId, cancellationToken) ?? 0m), null);
            }

            var message = AddJobMessage(new VideoJobMessage(videoId, retried.Attempt, Activity.Current?.Id));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return new RetryResult(RetryOutcome.Retried, message);
        });

        if (result.Message is { } sent)
        {
            await SendAfterCommitAsync(sent.Id, sent.Payload, cancellationToken);
        }

        return result.Outcome;
    }

    /// <summary>
    /// Removes the video. An unfinished one is refunded (once, whatever the concurrency) and the
    /// Worker is told to cancel its provider job; a finished one's media are deleted too.
    /// </summary>
    public async Task<bool> DeleteAsync(long userId, long videoId, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        var deleted = await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var row = (await db.Database.SqlQuery<DeletedVideo>($"""
                DELETE FROM videos WHERE id = {videoId} AND user_id = {userId}
                RETURNING status, attempt, model, video_blob, poster_blob, provider_job_id
                """).ToListAsync(cancellationToken)).SingleOrDefault();
            if (row is null)
            {
                return new DeleteResult(null, null);
            }

            OutboxMessage? message = null;
            if (row.Status is "pending" or "processing")
            {
                await ledger.RefundAsync(userId, videoId, row.Attempt, cancellationToken);
                message = AddJobMessage(new VideoJobMessage(videoId, row.Attempt, Activity.Current?.Id)
                {
                    Cancel = row.ProviderJobId is { } jobId ? new VideoCancellation(row.Model, jobId) : null,
                });
                await db.SaveChangesAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return new DeleteResult(row, message);
        });

        if (deleted.Row is null)
        {
            return false;
        }

        if (deleted.Message is { } message)
        {
            await SendAfterCommitAsync(message.Id, message.Payload, cancellationToken);
        }

        await DeleteBlobAsync(MediaContainers.Videos, deleted.Row.VideoBlob);
        await DeleteBlobAsync(MediaContainers.Posters, deleted.Row.PosterBlob);
        return true;
    }

    private async Task<IdempotentVideo?> FindByIdempotencyKeyAsync(long userId, string key, CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow().UtcDateTime - s_idempotencyWindow;
        return await db.Videos
            .Where(v => v.UserId == userId && v.IdempotencyKey == key && v.CreatedAt > since)
            .Select(v => new IdempotentVideo(v.IdempotencyRequestHash, new VideoRow(
                v.Id, v.UserId, v.Prompt, v.Model, v.ReferenceImageUrl, v.VideoBlob, v.PosterBlob,
                v.Status, v.Progress, v.Duration, v.Resolution, v.ErrorMessage, v.CreatedAt, v.UpdatedAt)))
            .SingleOrDefaultAsync(cancellationToken);
    }

    private OutboxMessage AddJobMessage(VideoJobMessage job)
    {
        var message = new OutboxMessage
        {
            Queue = queues.Value.Jobs,
            Payload = JsonSerializer.Serialize(job, AIVideoJson.Options),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.OutboxMessages.Add(message);
        return message;
    }

    /// <summary>The job is committed: a failed send only delays it until the outbox dispatcher runs.</summary>
    private async Task SendAfterCommitAsync(long outboxId, string payload, CancellationToken cancellationToken)
    {
        try
        {
            await outbox.SendAsync(db, outboxId, queues.Value.Jobs, payload, CancellationToken.None);
        }
        catch (Exception exception) when (exception is RequestFailedException or NpgsqlException or TimeoutException or OperationCanceledException)
        {
            LogSendDeferred(logger, exception, outboxId);
        }
    }

    private async Task DeleteBlobAsync(string container, string? blobName)
    {
        if (blobName is null)
        {
            return;
        }

        try
        {
            await blobs.GetBlobContainerClient(container).GetBlobClient(blobName).DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
        }
        catch (RequestFailedException exception)
        {
            // The row is gone, which is what the user asked; an orphan blob costs storage, not correctness.
            LogBlobLeft(logger, exception, container, blobName);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Queue send of outbox message {OutboxId} failed after commit; the outbox dispatcher will send it")]
    private static partial void LogSendDeferred(ILogger logger, Exception exception, long outboxId);

    [LoggerMessage(LogLevel.Warning, "Could not delete blob {Container}/{Blob} of a deleted video")]
    private static partial void LogBlobLeft(ILogger logger, Exception exception, string container, string blob);

    private sealed record NewJob(long VideoId, DateTime CreatedAt, long OutboxId, string Payload);

    private sealed record RetriedVideo(int Attempt, string Model);

    private sealed record DeletedVideo(string Status, int Attempt, string Model, string? VideoBlob, string? PosterBlob, string? ProviderJobId);

    private sealed record IdempotentVideo(string? Hash, VideoRow Row);

    private sealed record RetryResult(RetryOutcome Outcome, OutboxMessage? Message);

    private sealed record DeleteResult(DeletedVideo? Row, OutboxMessage? Message);
}

public sealed record SubmitOutcome(VideoRow? Video, bool IsReplay, bool KeyConflict, decimal? Required, decimal? Available)
{
    public static readonly SubmitOutcome KeyReused = new(null, false, true, null, null);

    public static SubmitOutcome Created(VideoRow video) => new(video, false, false, null, null);

    public static SubmitOutcome Replayed(VideoRow video) => new(video, true, false, null, null);

    public static SubmitOutcome Insufficient(decimal required, decimal available) => new(null, false, false, required, available);
}

public sealed record RetryOutcome(bool Succeeded, bool Found, bool Failed, string? GoneModel, decimal? Required, decimal? Available)
{
    public static readonly RetryOutcome Retried = new(true, true, true, null, null, null);
    public static readonly RetryOutcome NotFound = new(false, false, false, null, null, null);
    public static readonly RetryOutcome NotFailed = new(false, true, false, null, null, null);

    public static RetryOutcome ModelGone(string model) => new(false, true, true, model, null, null);

    public static RetryOutcome Insufficient(decimal required, decimal available) => new(false, true, true, null, required, available);
}
