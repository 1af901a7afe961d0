using System.Text.Json;
using AIVideo.Core.Hosting;
using AIVideo.Core.Serialization;
using StackExchange.Redis;

namespace AIVideo.Api.Infrastructure.Replicas;

/// <summary>
/// Tells every Api replica something it must act on before the caller goes on (a session ended, a
/// cached page evicted): publishes on Redis and waits until every replica that heard it has
/// replied, on a channel of that announcement's own, so the caller's next request finds the change
/// made wherever it lands. Without Redis nothing is announced, and no replica believes what it
/// keeps on the strength of announcements (<see cref="ReplicaLink"/>).
/// </summary>
public sealed partial class ReplicaAnnouncements(RedisCalls redis, TimeProvider time, ILogger<ReplicaAnnouncements> logger)
{
    // A replica replies within a millisecond or two; one that takes longer is likely losing its
    // connection, and then it stops believing what it keeps anyway.
    private static readonly TimeSpan s_replyTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Publishes <paramref name="message"/>, built around the channel replies go to, and waits for the replies.</summary>
    public async Task AnnounceAsync(RedisChannel channel, Func<string?, string> message, string eventType)
    {
        var replies = new Replies();
        var replyChannel = RedisChannel.Literal($"{channel}:replies:{Guid.NewGuid():N}");
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
            var heard = await redis.PublishAsync(channel, message(subscription.Answered ? replyChannel.ToString() : null), eventType);
            if (!heard.Answered)
            {
                LogAnnouncementLost(logger, heard.Failure, eventType);
            }
            else if (subscription.Answered && !await replies.WaitForAsync((int)heard.Value, s_replyTimeout, time))
            {
                LogRepliesMissing(logger, eventType, heard.Value);
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

    /// <summary>An announcement's JSON, or null for a message this version does not understand.</summary>
    public static T? Parse<T>(RedisValue message)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>((string)message!, AIVideoJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>What a replica does once it has acted on an announcement that asked for a reply.</summary>
    public static void Reply(ISubscriber subscriber, string? replyTo)
    {
        if (replyTo is null)
        {
            return;
        }

        try
        {
            subscriber.Publish(RedisChannel.Literal(replyTo), 1, CommandFlags.FireAndForget);
        }
        catch (RedisException)
        {
            // The announcer stops waiting after its time-out; this replica's lost connection takes its link down.
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not announce {EventType} to the other replicas")]
    private static partial void LogAnnouncementLost(ILogger logger, Exception? exception, string eventType);

    [LoggerMessage(LogLevel.Warning, "Not every one of {Listeners} replicas confirmed {EventType} in time")]
    private static partial void LogRepliesMissing(ILogger logger, string eventType, long listeners);

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
