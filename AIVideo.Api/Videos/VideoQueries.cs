using AIVideo.Core.Data;
using AIVideo.Core.Data.Entities;
using AIVideo.Core.Videos;
using Microsoft.EntityFrameworkCore;

namespace AIVideo.Api.Videos;

/// <summary>
/// GET /videos' statements, compiled once: a page is read on every visit to the library, and EF
/// Core would otherwise translate each query again per call (docs/performance.md). Newest first,
/// on the index (user_id, created_at, id).
/// </summary>
internal static class VideoQueries
{
    public static readonly Func<AIVideoDbContext, long, CancellationToken, Task<int>> Count = EF.CompileAsyncQuery(
        (AIVideoDbContext db, long userId, CancellationToken _) => db.Videos.Count(v => v.UserId == userId));

    public static readonly Func<AIVideoDbContext, long, VideoStatus, CancellationToken, Task<int>> CountWithStatus = EF.CompileAsyncQuery(
        (AIVideoDbContext db, long userId, VideoStatus status, CancellationToken _) => db.Videos.Count(v => v.UserId == userId && v.Status == status));

    public static readonly Func<AIVideoDbContext, long, int, int, IAsyncEnumerable<VideoRow>> Page = EF.CompileAsyncQuery(
        (AIVideoDbContext db, long userId, int offset, int take) => db.Videos
            .Where(v => v.UserId == userId)
            .OrderByDescending(v => v.CreatedAt).ThenByDescending(v => v.Id)
            .Skip(offset).Take(take)
            .Select(VideoRow.Projection));

    public static readonly Func<AIVideoDbContext, long, VideoStatus, int, int, IAsyncEnumerable<VideoRow>> PageWithStatus = EF.CompileAsyncQuery(
        (AIVideoDbContext db, long userId, VideoStatus status, int offset, int take) => db.Videos
            .Where(v => v.UserId == userId && v.Status == status)
            .OrderByDescending(v => v.CreatedAt).ThenByDescending(v => v.Id)
            .Skip(offset).Take(take)
            .Select(VideoRow.Projection));

    public static async Task<VideoPage> ReadPageAsync(AIVideoDbContext db, VideoPageKey key, CancellationToken cancellationToken)
    {
        var (total, rows) = key.Status is { } status
            ? (await CountWithStatus(db, key.UserId, status, cancellationToken), PageWithStatus(db, key.UserId, status, key.Offset, key.Take))
            : (await Count(db, key.UserId, cancellationToken), Page(db, key.UserId, key.Offset, key.Take));

        var page = new List<VideoRow>(key.Take);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            page.Add(row);
        }

        return new VideoPage(total, page);
    }
}

/// <summary>One page of a user's videos, newest first, optionally of one status.</summary>
public readonly record struct VideoPageKey(long UserId, VideoStatus? Status, int Offset, int Take);

/// <summary>A page of a user's videos, blob names unsigned, and how many videos the filter matches in all.</summary>
public sealed record VideoPage(int Total, IReadOnlyList<VideoRow> Rows);
