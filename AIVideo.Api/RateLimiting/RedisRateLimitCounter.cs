using StackExchange.Redis;

namespace AIVideo.Api.RateLimiting;

/// <summary>
/// Fixed-window counters in Redis, shared by every Api replica. One Lua script reserves up to a
/// batch of permits and reads the window's remaining lifetime atomically, so concurrent requests
/// on any replica never reserve more than the limit, and the window's clock is Redis's.
/// </summary>
internal sealed class RedisRateLimitCounter(IConnectionMultiplexer redis)
{
    // KEYS[1] counter; ARGV window ms, limit, wanted. The window starts with its first permit.
    // Returns {granted, window ms left}; granted is 0 once the window's permits are all taken.
    private const string Script = """
        local used = tonumber(redis.call('GET', KEYS[1]) or '0')
        local granted = math.min(tonumber(ARGV[3]), tonumber(ARGV[2]) - used)
        if granted < 1 then
          return {0, redis.call('PTTL', KEYS[1])}
        end
        redis.call('INCRBY', KEYS[1], granted)
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[1])
          ttl = tonumber(ARGV[1])
        end
        return {granted, ttl}
        """;

    public bool IsConnected => redis.IsConnected;

    /// <summary>Takes up to <paramref name="wanted"/> permits of the caller's current window.</summary>
    public async Task<(int Granted, TimeSpan WindowLeft)> ReserveAsync(string key, RateLimitRule rule, int wanted)
    {
        var windowMilliseconds = (long)Math.Ceiling(rule.Window.TotalMilliseconds);
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Script, [key], [windowMilliseconds, rule.PermitLimit, wanted]))!;
        // A full window whose key just expired reports no lifetime: it frees at once.
        return ((int)result[0], TimeSpan.FromMilliseconds(Math.Max(0, (long)result[1])));
    }
}
