using System.Text.Json;
using AIVideo.Api.Infrastructure.Replicas;
using AIVideo.Core.Serialization;
using StackExchange.Redis;

namespace AIVideo.Api.Auth;

/// <summary>
/// Announces an ended session to every Api replica (<see cref="ReplicaAnnouncements"/>), which
/// forgets it as an active session (<see cref="ActiveSessions"/>) and closes the realtime
/// connections opened with its tokens at once instead of when the token expires. The request that
/// ended the session answers only once every replica that heard it has replied, so the client's
/// next request is refused wherever it lands. Without Redis no replica believes its remembered
/// sessions, and the connections still close at the token's expiry.
/// </summary>
public sealed class SessionRevocations(ReplicaAnnouncements announcements, ActiveSessions activeSessions)
{
    public const string EventType = "session.revoked";

    public static readonly RedisChannel Channel = RedisChannel.Literal("aivideo:auth:sessions:revoked");

    /// <summary>Called once the session's end is committed.</summary>
    public async Task PublishAsync(long userId, Guid sessionId)
    {
        // This replica hears its own announcement too, but its next request must not wait for that.
        activeSessions.Forget(sessionId);
        await announcements.AnnounceAsync(
            Channel, replyTo => JsonSerializer.Serialize(new SessionRevoked(userId, sessionId, replyTo), AIVideoJson.Options), EventType);
    }
}

/// <summary>An ended session; <see cref="ReplyTo"/> names the channel on which each replica that heard it says so.</summary>
public sealed record SessionRevoked(long UserId, Guid SessionId, string? ReplyTo = null);
