namespace AIVideo.Api.RateLimiting;

/// <summary>The rate limit policies, and how an endpoint or group opts into one other than the default.</summary>
public static class RateLimitPolicies
{
    public const string Auth = "auth";
    public const string Generate = "generate";
    public const string Upload = "upload";
    public const string Default = "default";

    /// <summary>Counts the endpoints under this builder against <paramref name="policy"/> instead of the default.</summary>
    public static TBuilder RequireRateLimit<TBuilder>(this TBuilder builder, string policy) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RateLimitPolicyMetadata(policy));
}

/// <summary>Endpoint metadata naming the endpoint's rate limit policy.</summary>
public sealed record RateLimitPolicyMetadata(string Policy);
