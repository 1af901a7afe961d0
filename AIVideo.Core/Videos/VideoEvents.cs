using System.Text.Json;
using AIVideo.Core.Data;
using AIVideo.Core.Hosting;
using AIVideo.Core.Media;
using AIVideo.Core.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AIVideo.Core.Videos;

/// <summary>
/// Publishes every status or progress change of a video on its user's Redis channel, carrying the
/// same video object <c>GET /videos/{id}</c> returns, so every Api replica can forward it to that
/// user's WebSocket and SSE connections. Publishing is best effort: a client that missed an event
/// reads the current state with <c>GET /videos</c>. With Redis slow or down an event is logged and
/// counted as lost (<see cref="RedisCalls"/>), and the request or job that made the change goes on.
/// </summary>
public sealed partial class VideoEvents(RedisCalls redis, MediaUrlSigner signer, ILogger<VideoEvents> logger)
{
    public const string UpdatedType = "video.updated";

    public const string DeletedType = "video.deleted";

    public const string ChannelPrefix = "aivideo:videos:user:";

    /// <summary>Every user's channel, for one pattern subscription per Api process.</summary>
    public static readonly RedisChannel AllUsersChannel = RedisChannel.Pattern(ChannelPrefix + "*");

    public static RedisChannel ChannelFor(long userId) => RedisChannel.Literal($"{ChannelPrefix}{userId}");

    public async Task PublishAsync(AIVideoDbContext db, long videoId, CancellationToken cancellationToken)
    {
        var row = await db.Videos.AsNoTracking().Where(v => v.Id == videoId).Select(VideoRow.Projection).SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return;
        }

        await PublishAsync(await row.ToResponseAsync(signer, cancellationToken));
    }

    /// <summary>Publishes a video the caller has just read or changed (the Api's generate and retry).</summary>
    public Task PublishAsync(VideoResponse video) =>
        SendAsync(video.UserId, video.Id, UpdatedType, new VideoUpdatedEvent(UpdatedType, video));

    /// <summary>Tells the owner's other tabs and devices that a video is gone: <c>{"type": "video.deleted", "video": {"id": …}}</c>.</summary>
    public Task PublishDeletedAsync(long userId, long videoId) =>
        SendAsync(userId, videoId, DeletedType, new VideoDeletedEvent(DeletedType, new DeletedVideo(videoId)));

    private async Task SendAsync<TEvent>(long userId, long videoId, string type, TEvent message)
    {
        var reply = await redis.PublishAsync(ChannelFor(userId), JsonSerializer.Serialize(message, AIVideoJson.Options), type);
        if (!reply.Answered)
        {
            LogPublishFailed(logger, reply.Failure, type, videoId);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Redis is unavailable: the {EventType} event of video {VideoId} is lost")]
    private static partial void LogPublishFailed(ILogger logger, Exception? exception, string eventType, long videoId);
}

public sealed record VideoUpdatedEvent(string Type, VideoResponse Video);

public sealed record VideoDeletedEvent(string Type, DeletedVideo Video);

/// <summary>The <c>video</c> of a <c>video.deleted</c> event: only its id, since nothing else of it exists any more.</summary>
public sealed record DeletedVideo(long Id);
