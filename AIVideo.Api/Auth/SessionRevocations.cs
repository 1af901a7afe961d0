using System.Text.Json;
using AIVideo.Core.Hosting;
using AIVideo.Core.Serialization;
using StackExchange.Redis;

namespace AIVideo.Api.Auth;

/// <summary>
/// Announces an ended session on Redis, so every Api replica forgets it as an active session
/// (<see cref="ActiveSessions"/>) and closes the realtime connections opened with its tokens at
/// once instead of when the token expires. The announcement waits until every replica that heard
/// it has said so (on a reply channel of its own), so the request that ended the session answers
/// only once no replica believes in it: the client's next request is refused wherever it lands.
/// Without Redis (slow or down) no replica trusts its remembered sessions, and the connections
/// still close at the token's expiry.
/// </summary>
public sealed partial class SessionRevocations(RedisCalls redis, ActiveSessions activeSessions, TimeProvider time, ILogger<SessionRevocations> logger)
{
    public const string EventType = "session.revoked";

    public static readonly RedisChannel Channel = RedisChannel.Literal("aivideo:auth:sessions:revoked");

    // A replica answers within a millisecond or two; one that takes longer is likely losing its
    // connection, and then it stops believing its remembered sessions anyway.
    private static readonly TimeSpan s_replyTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Called once the session's end is committed.</summary>
    public async Task PublishAsync(long userId, Guid sessionId)
    {
        // This replica hears its own announcement too, but its next request must not wait for that.
        activeSessions.Forget(sessionId);

        var replies = new Replies();
        var replyChannel = RedisChannel.Literal($"{Channel}:replies:{Guid.NewGuid():N}");
        var subscription = await redis.TryAsync(
            async r =>
            {
                var queue = await r.GetSubscriber().SubscribeAsync(replyChannel);
                queue.OnMessage(_ => replies.Add());
                return queue;
            },
            CancellationToken.None);
        try
        {
            var announcement = new SessionRevoked(userId, sessionId, subscription.Answered ? replyChannel.ToString() : null);
            var heard = await redis.PublishAsync(Channel, JsonSerializer.Serialize(announcement, AIVideoJson.Options), EventType);
            if (!heard.Answered)
            {
                LogPublishFailed(logger, heard.Failure, userId);
            }
            else if (subscription.Answered && !await replies.WaitForAsync((int)heard.Value, s_replyTimeout, time))
            {
                LogRepliesMissing(logger, userId, heard.Value);
            }
        }
        finally
        {
            if (subscription.Value is { } queue)
            {
                await redis.TryAsync(async _ => { await queue.UnsubscribeAsync(); return true; }, CancellationToken.None);
            }
        }
    }

    /// <summary>What a replica does once it has forgotten the announced session.</summary>
    public static void Reply(ISubscriber subscriber, SessionRevoked revoked)
    {
        if (revoked.ReplyTo is not { } replyTo)
        {
            return;
        }

        try
        {
            subscriber.Publish(RedisChannel.Literal(replyTo), 1, CommandFlags.FireAndForget);
        }
        catch (RedisException)
        {
            // The announcer stops waiting after its time-out; this replica's lost connection distrusts its sessions.
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

    [LoggerMessage(LogLevel.Warning, "Not every one of {Listeners} replicas confirmed the end of a session of user {UserId} in time")]
    private static partial void LogRepliesMissing(ILogger logger, long userId, long listeners);

    /// <summary>Counts the replicas' replies to one announcement.</summary>
    private sealed class Replies
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _received;
        private int _expected = int.MaxValue;

        public void Add()
        {
            if (Interlocked.Increment(ref _received) >= Volatile.Read(ref _expected))
            {
                _all.TrySetResult();
            }
        }

        /// <summary>True once <paramref name="expected"/> replies are in (some may have come before it was known).</summary>
        public async Task<bool> WaitForAsync(int expected, TimeSpan timeout, TimeProvider time)
        {
            Volatile.Write(ref _expected, expected);
            if (Volatile.Read(ref _received) >= expected)
            {
                return true;
            }

            return await Task.WhenAny(_all.Task, Task.Delay(timeout, time)) == _all.Task;
        }
    }
}

/// <summary>An ended session; <see cref="ReplyTo"/> names the channel on which each replica that heard it says so.</summary>
public sealed record SessionRevoked(long UserId, Guid SessionId, string? ReplyTo = null);
