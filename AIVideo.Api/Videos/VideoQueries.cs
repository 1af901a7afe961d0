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
}
