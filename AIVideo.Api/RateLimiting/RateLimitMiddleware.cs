using System.Globalization;
using AIVideo.Api.Infrastructure.Errors;

namespace AIVideo.Api.RateLimiting;

/// <summary>
/// Charges each rate-limited request to its counter and answers the contract's 429, with
/// <c>Retry-After</c> in whole seconds until the caller's window frees, once the limit is reached.
/// Runs after authentication, so signed-in calls are counted per user.
/// </summary>
internal sealed class RateLimitMiddleware(RequestDelegate next, RateLimitPartitioner partitioner, RateLimitCounter counter)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (partitioner.Resolve(context) is not { } partition)
        {
            await next(context);
            return;
        }

        var decision = await counter.HitAsync(partition, context.RequestAborted);
        if (decision.Allowed)
        {
            await next(context);
            return;
        }

        // Rounded up: a client that waits this long finds the window free.
        var seconds = Math.Max(1, (long)Math.Ceiling(decision.ResetAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await TypedResults.Json(
                new ErrorResponse($"Rate limit exceeded. Try again in {seconds.ToString(CultureInfo.InvariantCulture)} seconds."),
                statusCode: StatusCodes.Status429TooManyRequests)
            .ExecuteAsync(context);
    }
}
