namespace AIVideo.Api.RateLimiting;

/// <summary>The rate limit policies' names, for <c>RequireRateLimiting</c> on a route group or endpoint.</summary>
public static class RateLimitPolicies
{
    public const string Auth = "auth";
    public const string Generate = "generate";
    public const string Upload = "upload";
    public const string Default = "default";

    internal static readonly string[] All = [Auth, Generate, Upload, Default];
}
