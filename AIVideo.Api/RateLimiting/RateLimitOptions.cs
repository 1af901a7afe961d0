using System.ComponentModel.DataAnnotations;

namespace AIVideo.Api.RateLimiting;

/// <summary>
/// Section <c>RateLimits</c>: one rule per policy, with the specification's production numbers as
/// defaults, and where the counters live in Redis.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Sign-in and token refresh, per client IP.</summary>
    public RateLimitRule Auth { get; set; } = new() { PermitLimit = 10 };

    /// <summary><c>POST /videos/generate</c>, per user.</summary>
    public RateLimitRule Generate { get; set; } = new() { PermitLimit = 5 };

    /// <summary><c>POST /upload/image</c> and <c>/upload/validate</c>, per user (per IP when anonymous).</summary>
    public RateLimitRule Upload { get; set; } = new() { PermitLimit = 20 };

    /// <summary>Everything else under <c>/api/v1</c>, per user (per IP when anonymous).</summary>
    public RateLimitRule Default { get; set; } = new() { PermitLimit = 100 };

    /// <summary>
    /// Start of every counter key. Replicas of one deployment share it (that is what makes the
    /// limit global); separate deployments or test hosts on one Redis use different ones.
    /// </summary>
    [Required]
    public string KeyPrefix { get; set; } = "aivideo:ratelimit:";

    /// <summary>How long a request waits for Redis before it is counted in process instead.</summary>
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    public RateLimitRule For(string policy) => policy switch
    {
        RateLimitPolicies.Auth => Auth,
        RateLimitPolicies.Generate => Generate,
        RateLimitPolicies.Upload => Upload,
        RateLimitPolicies.Default => Default,
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "Unknown rate limit policy."),
    };

    internal bool IsValid() =>
        RedisTimeout > TimeSpan.Zero
        && new[] { Auth, Generate, Upload, Default }.All(rule => rule.PermitLimit >= 1 && rule.Window >= TimeSpan.FromMilliseconds(1));
}

/// <summary>At most <see cref="PermitLimit"/> requests per <see cref="Window"/> (a fixed window that starts with the first request).</summary>
public sealed class RateLimitRule
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
