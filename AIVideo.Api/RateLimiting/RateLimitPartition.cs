namespace AIVideo.Api.RateLimiting;

/// <summary>One counter: a policy's rule applied to one caller (a user or a client address).</summary>
internal sealed record RateLimitPartition(string Policy, string Caller, RateLimitRule Rule)
{
    /// <summary>The counter's key, without the deployment's prefix: <c>generate:user:42</c>.</summary>
    public string Key => $"{Policy}:{Caller}";
}

/// <summary>The outcome of counting one request; <see cref="ResetAfter"/> is when its window frees.</summary>
internal readonly record struct RateLimitDecision(bool Allowed, TimeSpan ResetAfter);
