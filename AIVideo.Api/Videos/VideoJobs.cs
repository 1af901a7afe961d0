using AIVideo.Api.Outbox;
using AIVideo.Core.Credits;
using AIVideo.Core.Data;
using AIVideo.Core.Data.Entities;
using AIVideo.Core.Media;
using AIVideo.Core.Videos;
using Azure;
using Azure.Storage.Blobs;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AIVideo.Api.Videos;

/// <summary>
/// The money-and-queue side of the Videos endpoints. Each change is one transaction: the video's
/// transition (<see cref="VideoTransitions"/>, which writes the job message to the outbox) and its
/// charge through the <see cref="CreditLedger"/>. The committed outbox row is the promise: the
/// request wakes the outbox dispatcher, which sends the message off the request.
/// </summary>
public sealed partial class VideoJobs(
    AIVideoDbContext db,
    CreditLedger ledger,
    VideoTransitions transitions,
    OutboxSignal outbox,
    BlobServiceClient blobs,
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

        var strategy = db.Database.CreateExecutionStrategy();
        CreatedVideo? created;
        try
        {
            created = await strategy.ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var video = await transitions.CreateAsync(
                    new NewVideo(userId, request.Prompt!, model.Id, request.ReferenceImageUrl, idempotencyKey, hash), cancellationToken);
                if (await ledger.TryChargeAsync(userId, model.Options.CreditsCost, video.Id, attempt: 1, cancellationToken) is null)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    return null;
                }

                await transaction.CommitAsync(cancellationToken);
                return video;
            });
        }
        catch (PostgresException exception) when (exception is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "ix_videos_user_id_idempotency_key" })
        {
            // A concurrent request with the same key won the race: answer as its replay would.
            var winner = await FindByIdempotencyKeyAsync(userId, idempotencyKey!, cancellationToken);
            return winner is not null && winner.Hash == hash ? SubmitOutcome.Replayed(winner.Row) : SubmitOutcome.KeyReused;
        }

        if (created is null)
        {
            return SubmitOutcome.Insufficient(model.Options.CreditsCost, await ledger.GetBalanceAsync(userId, cancellationToken) ?? 0m);
        }

        outbox.Notify();
        return SubmitOutcome.Created(new VideoRow(
            created.Id, userId, request.Prompt!, model.Id, request.ReferenceImageUrl, null, null,
            VideoStatus.Pending, 0, null, null, null, created.CreatedAt, created.CreatedAt));
    }

    /// <summary>A failed video's new attempt: charged again, pending, queued.</summary>
    public async Task<RetryOutcome> RetryAsync(long userId, long videoId, VideoModelCatalog catalog, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        var result = await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var retried = await transitions.RetryAsync(userId, videoId, cancellationToken);
            if (retried is null)
            {
                var exists = await db.Videos.AnyAsync(v => v.Id == videoId && v.UserId == userId, cancellationToken);
                return exists ? RetryOutcome.NotFailed : RetryOutcome.NotFound;
            }

            // Leaving without commit rolls the new attempt back.
            if (catalog.Find(retried.Model) is not { } model)
            {
                return RetryOutcome.ModelGone(retried.Model);
            }

            if (await ledger.TryChargeAsync(userId, model.Options.CreditsCost, videoId, retried.Attempt, cancellationToken) is null)
            {
                await transaction.RollbackAsync(cancellationToken);
                return RetryOutcome.Insufficient(model.Options.CreditsCost, await ledger.GetBalanceAsync(userId, cancellationToken) ?? 0m);
            }

            await transaction.CommitAsync(cancellationToken);
            return RetryOutcome.Retried;
        });

        if (result == RetryOutcome.Retried)
        {
            outbox.Notify();
        }

        return result;
    }

    /// <summary>
    /// Removes the video. An unfinished one is refunded (once, whatever the concurrency) and the
    /// Worker is told to cancel its provider job; a finished one's media are deleted too.
    /// </summary>
    public async Task<bool> DeleteAsync(long userId, long videoId, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        var removed = await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var video = await transitions.DeleteAsync(userId, videoId, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return video;
        });

        if (removed is null)
        {
            return false;
        }

        if (removed.CancelQueued)
        {
            outbox.Notify();
        }

        await DeleteBlobAsync(MediaContainers.Videos, removed.VideoBlob);
        await DeleteBlobAsync(MediaContainers.Posters, removed.PosterBlob);
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

    [LoggerMessage(LogLevel.Warning, "Could not delete blob {Container}/{Blob} of a deleted video")]
    private static partial void LogBlobLeft(ILogger logger, Exception exception, string container, string blob);

    private sealed record IdempotentVideo(string? Hash, VideoRow Row);
}

public sealed record SubmitOutcome(VideoRow? Video, bool KeyConflict, decimal? Required, decimal? Available)
{
    public static readonly SubmitOutcome KeyReused = new(null, true, null, null);

    public static SubmitOutcome Created(VideoRow video) => new(video, false, null, null);

    /// <summary>The same key and request again: answered exactly as the first time, with the video it created.</summary>
    public static SubmitOutcome Replayed(VideoRow video) => Created(video);

    public static SubmitOutcome Insufficient(decimal required, decimal available) => new(null, false, required, available);
}

public sealed record RetryOutcome(bool Found, bool Failed, string? GoneModel, decimal? Required, decimal? Available)
{
    public static readonly RetryOutcome Retried = new(true, true, null, null, null);
    public static readonly RetryOutcome NotFound = new(false, false, null, null, null);
    public static readonly RetryOutcome NotFailed = new(true, false, null, null, null);

    public static RetryOutcome ModelGone(string model) => new(true, true, model, null, null);

    public static RetryOutcome Insufficient(decimal required, decimal available) => new(true, true, null, required, available);
}
