using System.ComponentModel.DataAnnotations;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AIVideo.Core.Hosting;

/// <summary>Section <c>Redis</c>: how long a request or a job waits for Redis.</summary>
public sealed class RedisCallOptions
{
    public const string SectionName = "Redis";

    /// <summary>
    /// Longest wait for one Redis call on a request or job path; the client library's own limit
    /// is 5 s, far too long for a call nothing depends on.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMilliseconds(500);
}

/// <summary>What a Redis call through <see cref="RedisCalls"/> came to: its value, or that Redis was unavailable.</summary>
public readonly record struct RedisReply<T>(bool Answered, T? Value, Exception? Failure);

/// <summary>
/// The one way requests and jobs call Redis, which no answer depends on: the denylist is backed by
/// the database, events are best effort, rate limits fall back to counting in process. A call
/// waits at most its budget; a failure, a timeout or a disconnected client is an "unavailable"
/// reply, never an exception. After a failure Redis is left alone for a few seconds, so a hung
/// server costs one short wait, not one per call. Meter <c>AIVideo.Events</c> counts the
/// events lost that way.
/// </summary>
public sealed class RedisCalls
{
    public const string MeterName = "AIVideo.Events";

    private static readonly TimeSpan s_retryAfter = TimeSpan.FromSeconds(5);

    private readonly IConnectionMultiplexer _redis;
    private readonly IOptions<RedisCallOptions> _options;
    private readonly TimeProvider _time;
    private readonly Counter<long> _lostEvents;
    private long _retryAtTicks;

    public RedisCalls(IConnectionMultiplexer redis, IOptions<RedisCallOptions> options, TimeProvider time, IMeterFactory meters)
    {
        _redis = redis;
        _options = options;
        _time = time;
        _lostEvents = meters.Create(MeterName).CreateCounter<long>(
            "aivideo.events.lost", description: "Events that could not be published on Redis (Redis slow or down), by event type.");
    }

    /// <summary>
    /// Runs <paramref name="call"/> within <paramref name="timeout"/> (default <see cref="RedisCallOptions.Timeout"/>).
    /// Only the caller's own cancellation throws.
    /// </summary>
    public async Task<RedisReply<T>> TryAsync<T>(Func<IConnectionMultiplexer, Task<T>> call, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        if (!_redis.IsConnected || _time.GetUtcNow().UtcTicks < Interlocked.Read(ref _retryAtTicks))
        {
            return new(false, default, null);
        }

        Task<T>? pending = null;
        try
        {
            pending = call(_redis);
            return new(true, await pending.WaitAsync(timeout ?? _options.Value.Timeout, _time, cancellationToken), null);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Interlocked.Exchange(ref _retryAtTicks, (_time.GetUtcNow() + s_retryAfter).UtcTicks);
            return new(false, default, exception);
        }
        finally
        {
            // A call given up on may still fail later; its failure is already handled here.
            _ = pending?.ContinueWith(static call => call.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    /// <summary>Publishes an event of type <paramref name="eventType"/>; one that cannot be is counted as lost.</summary>
    public async Task<RedisReply<long>> PublishAsync(RedisChannel channel, string message, string eventType)
    {
        // Not the caller's token: once the change it reports is committed, the event goes out or is counted lost.
        var reply = await TryAsync(redis => redis.GetSubscriber().PublishAsync(channel, message), CancellationToken.None);
        if (!reply.Answered)
        {
            _lostEvents.Add(1, new KeyValuePair<string, object?>("type", eventType));
        }

        return reply;
    }
}
