using AIVideo.Api.Infrastructure.Replicas;
using AIVideo.Core.Hosting;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.OutputCaching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace AIVideo.Api.Showcase;

/// <summary>
/// Showcase responses are the same for everyone and change only when an admin edits content, so
/// they are cached in Redis (shared by every Api replica, evicted by tag), with a copy in each
/// replica (<see cref="LocalOutputCacheStore"/>), and carry
/// <c>Cache-Control</c> and an <c>ETag</c> for browsers and CDNs. When Redis is down they are
/// served from the database.
/// </summary>
public static class ShowcaseCaching
{
    public const string Policy = "showcase";
    public const string Tag = "showcase";
    public const string OutputCacheSectionName = "OutputCache";

    /// <summary>Well inside the one-hour lifetime of the signed media URLs a response may carry.</summary>
    private static readonly TimeSpan s_serverLifetime = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan BrowserLifetime = TimeSpan.FromMinutes(1);

    public static WebApplicationBuilder AddShowcase(this WebApplicationBuilder builder)
    {
        builder.Services.AddOutputCache(options => options.AddPolicy(Policy, policy => policy
            .Expire(s_serverLifetime)
            .AddPolicy<ShowcaseCacheKey>()
            .Tag(Tag)));

        // Every replica must use the same prefix (section OutputCache, key InstanceName): that is
        // what makes one eviction reach them all.
        builder.Services.AddStackExchangeRedisOutputCache(options => options.InstanceName = "aivideo:output:");
        builder.Services.AddOptions<RedisOutputCacheOptions>()
            .BindConfiguration(OutputCacheSectionName)
            .Configure<IConnectionMultiplexer>((options, redis) => options.ConnectionMultiplexerFactory = () => Task.FromResult(redis))
            .Validate(options => !string.IsNullOrEmpty(options.InstanceName), $"{OutputCacheSectionName}:InstanceName must not be empty.")
            .ValidateOnStart();

        // Wrap the Redis store (registered last, after the in-memory default) so that an outage
        // degrades to cache misses instead of errors, and keep copies in process in front of it.
        var redisStore = builder.Services.Last(d => d.ServiceType == typeof(IOutputCacheStore));
        builder.Services.RemoveAll<IOutputCacheStore>();
        builder.Services.AddSingleton(services => new LocalOutputCacheStore(
            new ResilientOutputCacheStore(
                (IOutputCacheStore)(redisStore.ImplementationFactory?.Invoke(services)
                    ?? redisStore.ImplementationInstance
                    ?? ActivatorUtilities.CreateInstance(services, redisStore.ImplementationType!)),
                services.GetRequiredService<RedisCalls>(),
                services.GetRequiredService<ILogger<ResilientOutputCacheStore>>()),
            services.GetRequiredService<ReplicaLink>(),
            services.GetRequiredService<ReplicaAnnouncements>(),
            services.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<IOutputCacheStore>(services => services.GetRequiredService<LocalOutputCacheStore>());

        return builder;
    }
}

/// <summary>
/// An output-cache store that treats a slow or unreachable Redis as "nothing cached" (waiting at
/// most <see cref="RedisCallOptions.Timeout"/>) and logs it.
/// </summary>
public sealed partial class ResilientOutputCacheStore(IOutputCacheStore inner, RedisCalls redis, ILogger<ResilientOutputCacheStore> logger) : IOutputCacheStore
{
    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var reply = await redis.TryAsync(_ => inner.GetAsync(key, cancellationToken).AsTask(), cancellationToken);
        if (reply.Failure is not null)
        {
            LogUnavailable(logger, reply.Failure, "read");
        }

        return reply.Value;
    }

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        var reply = await redis.TryAsync(async _ =>
        {
            await inner.SetAsync(key, value, tags, validFor, cancellationToken);
            return true;
        }, cancellationToken);
        if (reply.Failure is not null)
        {
            LogUnavailable(logger, reply.Failure, "write");
        }
    }

    /// <summary>Eviction failures are not swallowed: a stale page must not go unnoticed.</summary>
    public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken) => inner.EvictByTagAsync(tag, cancellationToken);

    [LoggerMessage(LogLevel.Warning, "Output cache unavailable ({Operation}); serving without it")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string operation);
}
