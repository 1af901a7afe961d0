using AIVideo.Core.Credits;
using AIVideo.Core.Data;
using AIVideo.Core.Media;
using AIVideo.Core.Videos;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace AIVideo.Core.Hosting;

/// <summary>
/// Wires what the Api and the Worker share. PostgreSQL and Redis come from the Aspire client
/// integrations (pooling, retries, tracing, metrics); blobs and queues from
/// <see cref="StorageHostingExtensions"/>.
/// </summary>
public static class CoreHostingExtensions
{
    /// <summary>Tag of the checks that say whether the service can do its work (<c>/health</c>).</summary>
    public const string ReadyTag = "ready";

    internal static readonly TimeSpan HealthCheckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Database, Redis, blobs and queues, and the services built on them. The clock and those services are registered
    /// here once: the functions below register their connection alone (the migrate command uses two of them).
    /// </summary>
    public static TBuilder AddAIVideoCore<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddAIVideoDatabase();
        builder.AddAIVideoRedis();
        builder.AddAIVideoStorage();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<CreditLedger>();
        builder.Services.AddScoped<VideoTransitions>();
        builder.Services.AddOptions<VideoQueueOptions>().BindConfiguration(VideoQueueOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<UserDelegationKeyCache>();
        builder.Services.AddSingleton<MediaUrlSigner>();
        builder.Services.AddSingleton<VideoModelCatalog>();

        // Needs all three: the database for the video, storage to sign its URLs, Redis to publish.
        builder.Services.AddSingleton<VideoEvents>();
        return builder;
    }

    public static TBuilder AddAIVideoDatabase<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddDbContextPool<AIVideoDbContext>((services, options) =>
            ConfigureDbContext(options, services.GetRequiredService<IConfiguration>().GetRequiredConnectionString(ConnectionNames.Database)));
        // The integration adds tracing and metrics, and keeps the retrying strategy ConfigureDbContext
        // sets. Its health check is off: untagged and without a timeout, so DatabaseHealthCheck stays.
        builder.EnrichNpgsqlDbContext<AIVideoDbContext>(settings => settings.DisableHealthChecks = true);

        builder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration(ConnectionNames.Database, services => new DatabaseHealthCheck(
                services.GetRequiredService<AIVideoDbContext>()), HealthStatus.Unhealthy, [ReadyTag], HealthCheckTimeout));

        return builder;
    }

    /// <summary>The one place that decides how the DbContext talks to PostgreSQL (also used at design time and by the tests).</summary>
    public static void ConfigureDbContext(DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseNpgsql(connectionString, npgsql => npgsql
                .EnableRetryOnFailure()
                .MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();

    public static TBuilder AddAIVideoRedis<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddRedisClient(
            ConnectionNames.Cache,
            // Its check reports Unhealthy, but Redis is a cache and a message bus here: when it is
            // down the service is degraded, not dead. RedisHealthCheck below says so.
            settings => settings.DisableHealthChecks = true,
            // Start even while Redis is down and keep reconnecting in the background, whatever the connection string says.
            options => options.AbortOnConnectFail = false);

        // Requests and jobs call Redis through RedisCalls, bounded and never failing because of it.
        builder.Services.AddOptions<RedisCallOptions>()
            .BindConfiguration(RedisCallOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<RedisCalls>();

        // The integration traces commands but does not collect the client's own meter.
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter("StackExchange.Redis", RedisCalls.MeterName));

        builder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration(ConnectionNames.Cache, services => new RedisHealthCheck(
                services.GetRequiredService<IConnectionMultiplexer>()), HealthStatus.Degraded, [ReadyTag], HealthCheckTimeout));

        return builder;
    }

    public static string GetRequiredConnectionString(this IConfiguration configuration, string name) =>
        configuration.GetConnectionString(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"Connection string 'ConnectionStrings:{name}' is not set. The AppHost and run.sh set it; see docs/configuration.md.");
}
