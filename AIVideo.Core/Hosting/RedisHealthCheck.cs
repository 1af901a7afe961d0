using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace AIVideo.Core.Hosting;

internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await redis.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy();
        }
        catch (RedisException exception)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis does not answer.", exception);
        }
    }
}
