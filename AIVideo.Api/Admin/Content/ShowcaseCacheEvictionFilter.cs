using AIVideo.Api.Showcase;
using Microsoft.AspNetCore.OutputCaching;
using StackExchange.Redis;

namespace AIVideo.Api.Admin.Content;

/// <summary>
/// After a successful admin write, evicts every cached showcase response. The output cache lives
/// in Redis, which every Api replica reads, so one eviction reaches all of them at once.
/// </summary>
public sealed partial class ShowcaseCacheEvictionFilter(IOutputCacheStore cache, ILogger<ShowcaseCacheEvictionFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var outcome = result is INestedHttpResult nested ? nested.Result : result;
        if (HttpMethods.IsGet(context.HttpContext.Request.Method)
            || outcome is not IStatusCodeHttpResult { StatusCode: >= 200 and < 300 })
        {
            return result;
        }

        try
        {
            // Not the request's token: a client that hangs up must not leave stale pages behind.
            await cache.EvictByTagAsync(ShowcaseCaching.Tag, CancellationToken.None);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // The write is committed and must be reported as such. With Redis down nothing is
            // served from the cache either; entries written before the outage expire on their own.
            LogEvictionFailed(logger, exception);
        }

        return result;
    }

    [LoggerMessage(LogLevel.Error, "Could not evict the showcase cache after an admin write; cached pages expire within their lifetime")]
    private static partial void LogEvictionFailed(ILogger logger, Exception exception);
}
