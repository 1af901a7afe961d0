namespace AIVideo.Api.RateLimiting;

/// <summary>
/// Rate limits per policy (section <c>RateLimits</c>), counted in Redis so that they hold across
/// every Api replica. Endpoints choose a policy with <see cref="RateLimitPolicies.RequireRateLimit{TBuilder}"/>;
/// everything else under <c>/api/v1</c> gets the default one.
/// </summary>
public static class RateLimitingExtensions
{
    public static WebApplicationBuilder AddRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(options => options.IsValid(), "RateLimits: every PermitLimit must be at least 1, every Window and RedisTimeout positive.")
            .ValidateOnStart();

        builder.Services.AddSingleton<RateLimitPartitioner>();
        builder.Services.AddSingleton<RedisRateLimitCounter>();
        builder.Services.AddSingleton<PermitLeases>();
        builder.Services.AddSingleton<InProcessRateLimitCounter>();
        builder.Services.AddSingleton<RateLimitCounter>();
        return builder;
    }

    /// <summary>After authentication (to count per user), before the endpoints.</summary>
    public static IApplicationBuilder UseRateLimits(this IApplicationBuilder app) => app.UseMiddleware<RateLimitMiddleware>();
}
