using System.Globalization;
using System.Threading.RateLimiting;
using AIVideo.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace AIVideo.Api.RateLimiting;

/// <summary>
/// ASP.NET Core's rate limiter with one policy per rule of section <c>RateLimits</c>, counted in
/// Redis so that the limits hold across every Api replica. Route groups name their policy with
/// <c>RequireRateLimiting</c>; the framework's middleware and metrics do the rest.
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

        builder.Services.AddSingleton<RedisRateLimitCounter>();
        builder.Services.AddSingleton<PermitLeases>();
        builder.Services.AddSingleton<InProcessRateLimitCounter>();
        builder.Services.AddSingleton<RateLimitCounter>();

        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = WriteRejectionAsync;
        });
        builder.Services.AddOptions<RateLimiterOptions>()
            .Configure<IOptions<RateLimitOptions>, RateLimitCounter, TimeProvider>((options, limits, counts, time) =>
            {
                foreach (var policy in RateLimitPolicies.All)
                {
                    options.AddPolicy(policy, new CallerRateLimiterPolicy(policy, limits.Value.For(policy), counts, time));
                }

                // Unknown routes and wrong methods under /api/v1 have no endpoint to carry a policy:
                // they count against the default one, so probing is not free.
                var fallback = new CallerRateLimiterPolicy(RateLimitPolicies.Default, limits.Value.Default, counts, time);
                options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>() is null
                    && context.Request.Path.StartsWithSegments(ApiRoutes.Prefix)
                        ? fallback.GetPartition(context)
                        : RateLimitPartition.GetNoLimiter(string.Empty));
            });
        return builder;
    }

    /// <summary>The contract's 429, with <c>Retry-After</c> in whole seconds until the caller's window frees.</summary>
    private static async ValueTask WriteRejectionAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        // Rounded up: a client that waits this long finds the window free.
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        var text = seconds.ToString(CultureInfo.InvariantCulture);
        rejected.HttpContext.Response.Headers.RetryAfter = text;
        await TypedResults.Json(new ErrorResponse($"Rate limit exceeded. Try again in {text} seconds."), statusCode: StatusCodes.Status429TooManyRequests)
            .ExecuteAsync(rejected.HttpContext);
    }
}
