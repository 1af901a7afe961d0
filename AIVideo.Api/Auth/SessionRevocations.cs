using System.Text.Json;
using AIVideo.Core.Hosting;
using AIVideo.Core.Serialization;
using StackExchange.Redis;

namespace AIVideo.Api.Auth;

/// <summary>
/// Announces an ended session on Redis, so every Api replica closes the realtime connections
/// opened with that session's tokens at once instead of when the token expires. Best effort:
/// without Redis (slow or down) the connections still close at the token's expiry.
/// </summary>
public sealed partial class SessionRevocations(RedisCalls redis, ILogger<SessionRevocations> logger)
{
    public const string EventType = "session.revoked";

    public static readonly RedisChannel Channel = RedisChannel.Literal("aivideo:auth:sessions:revoked");

    public async Task PublishAsync(long userId, Guid sessionId)
    {
        var reply = await redis.PublishAsync(Channel, JsonSerializer.Serialize(new SessionRevoked(userId, sessionId), AIVideoJson.Options), EventType);
        if (!reply.Answered)
        {
            LogPublishFailed(logger, reply.Failure, userId);
        }
    }

    /// <summary>Null for a message this version does not understand.</summary>
    public static SessionRevoked? Parse(RedisValue message)
    {
        try
        {
            return JsonSerializer.Deserialize<SessionRevoked>((string)message!, AIVideoJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not announce the end of a session of user {UserId}; its realtime connections close when their token expires")]
    private static partial void LogPublishFailed(ILogger logger, Exception? exception, long userId);
}

public sealed record SessionRevoked(long UserId, Guid SessionId);
