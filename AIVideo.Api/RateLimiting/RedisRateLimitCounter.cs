using StackExchange.Redis;

namespace AIVideo.Api.RateLimiting;

/// <summary>
/// Fixed-window counters in Redis, shared by every Api replica. One Lua script increments the
/// counter and reads its remaining lifetime atomically, so concurrent requests on any replica
/// are counted exactly once and the window's clock is Redis's, not each replica's.
/// </summary>
internal sealed class RedisRateLimitCounter(IConnectionMultiplexer redis)
{
    // The window starts with its first request: a counter without an expiry (just created) gets one.
    private const string Script = """
        local count = redis.call('INCR', KEYS[1])
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[1])
          ttl = tonumber(ARGV[1])
        end
        return {count, ttl}
        """;

    public bool IsConnected => redis.IsConnected;

    public async Task<RateLimitDecision> HitAsync(string key, RateLimitRule rule)
    {
        var windowMilliseconds = (long)Math.Ceiling(rule.Window.TotalMilliseconds);
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Script, [key], [windowMilliseconds]))!;
        var count = (long)result[0];
        var ttl = (long)result[1];
        return new RateLimitDecision(count <= rule.PermitLimit, TimeSpan.FromMilliseconds(ttl));
    }
}
