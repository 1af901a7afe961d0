using System.Text.Json;
using AIVideo.Core.Data;
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
/// reads the current state with <c>GET /videos</c>.
/// </summary>
public sealed partial class VideoEvents(IConnectionMultiplexer redis, MediaUrlSigner signer, ILogger<VideoEvents> logger)
{
    public const string UpdatedType = "video.updated";

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

        var message = JsonSerializer.Serialize(new VideoUpdatedEvent(UpdatedType, await row.ToResponseAsync(signer, cancellationToken)), AIVideoJson.Options);
        try
        {
            await redis.GetSubscriber().PublishAsync(ChannelFor(row.UserId), message);
        }
        catch (RedisException exception)
        {
            LogPublishFailed(logger, exception, videoId);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not publish the update of video {VideoId}")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, long videoId);
}

public sealed record VideoUpdatedEvent(string Type, VideoResponse Video);
