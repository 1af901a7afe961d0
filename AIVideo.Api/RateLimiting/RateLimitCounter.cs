using AIVideo.Core.Hosting;
using Microsoft.Extensions.Options;

namespace AIVideo.Api.RateLimiting;

/// <summary>
/// Counts a request in Redis, or in process while Redis is unreachable: the limit never turns
/// into "refuse everything" or "allow everything". A call waits at most
/// <see cref="RateLimitOptions.RedisTimeout"/>; after a failure Redis is left alone for a few
/// seconds (<see cref="RedisCalls"/>), so a hung server costs one short wait, not one per request.
/// The switch each way is logged once, not per request. Permits are taken from Redis in batches
/// (<see cref="PermitLeases"/>), so a busy caller does not cost a Redis call per request.
/// </summary>
internal sealed partial class RateLimitCounter(
    RedisRateLimitCounter redis,
    RedisCalls calls,
    PermitLeases leases,
    InProcessRateLimitCounter fallback,
    IOptions<RateLimitOptions> options,
    ILogger<RateLimitCounter> logger)
{
    private int _usingFallback;

    /// <summary>Counts one request against <paramref name="counter"/> (<c>generate:user:42</c>, without the deployment's prefix).</summary>
    public async ValueTask<RateLimitDecision> HitAsync(string counter, RateLimitRule rule, CancellationToken cancellationToken)
    {
        var key = options.Value.KeyPrefix + counter;
        if (!redis.IsConnected)
        {
            SwitchToFallback(exception: null);
            return fallback.Hit(key, rule);
        }

        if (leases.TryDecide(key) is { } local)
        {
            return local;
        }

        var reply = await calls.TryAsync(
            _ => redis.ReserveAsync(key, rule, PermitLeases.BatchSize(rule)), cancellationToken, options.Value.RedisTimeout);
        if (!reply.Answered)
        {
            SwitchToFallback(reply.Failure);
            return fallback.Hit(key, rule);
        }

        if (Interlocked.Exchange(ref _usingFallback, 0) == 1)
        {
            LogBackOnRedis(logger);
        }

        return leases.Record(key, reply.Value.Granted, reply.Value.WindowLeft);
    }

    /// <summary>A grant from the permits this process already holds, without waiting; null when it has to count.</summary>
    public bool TryTakeHeldPermit(string counter) =>
        redis.IsConnected && leases.TryDecide(options.Value.KeyPrefix + counter) is { Allowed: true };

    private void SwitchToFallback(Exception? exception)
    {
        if (Interlocked.Exchange(ref _usingFallback, 1) == 0)
        {
            LogFallingBack(logger, exception);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Redis is unreachable: rate limits are counted in this process only (per replica) until it is back")]
    private static partial void LogFallingBack(ILogger logger, Exception? exception);

    [LoggerMessage(LogLevel.Information, "Redis is reachable again: rate limits are shared by every replica again")]
    private static partial void LogBackOnRedis(ILogger logger);
}

/// <summary>The outcome of counting one request; <see cref="ResetAfter"/> is when its window frees.</summary>
internal readonly record struct RateLimitDecision(bool Allowed, TimeSpan ResetAfter);
