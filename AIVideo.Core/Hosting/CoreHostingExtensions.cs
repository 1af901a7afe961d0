using AIVideo.Core.Credits;
using AIVideo.Core.Data;
using AIVideo.Core.Media;
using AIVideo.Core.Outbox;
using AIVideo.Core.Videos;
using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;
using StackExchange.Redis;

namespace AIVideo.Core.Hosting;

/// <summary>
/// Registers what the Aspire client integrations (Npgsql EF Core, StackExchange.Redis, Azure
/// Storage) would: the client, connection retries, a health check and telemetry for each.
/// They are not in this project's package feed, so this file stands in for them; switching to
/// them later replaces this file and nothing else.
/// </summary>
public static class CoreHostingExtensions
{
    /// <summary>Tag of the checks that say whether the service can do its work (<c>/health</c>).</summary>
    public const string ReadyTag = "ready";

    private static readonly TimeSpan s_healthCheckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Database, Redis, blobs and queues: everything the Api and the Worker share.</summary>
    public static TBuilder AddAIVideoCore<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddAIVideoDatabase();
        builder.AddAIVideoRedis();
        builder.AddAIVideoStorage();

        // Needs all three: the database for the video, storage to sign its URLs, Redis to publish.
        builder.Services.AddSingleton<VideoEvents>();
        return builder;
    }

    public static TBuilder AddAIVideoDatabase<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddDbContextPool<AIVideoDbContext>((services, options) =>
            ConfigureDbContext(options, services.GetRequiredService<IConfiguration>().GetRequiredConnectionString(ConnectionNames.Database)));

        builder.Services.AddScoped<CreditLedger>();

        builder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration(ConnectionNames.Database, services => new DatabaseHealthCheck(
                services.GetRequiredService<AIVideoDbContext>()), HealthStatus.Unhealthy, [ReadyTag], s_healthCheckTimeout));

        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddNpgsql())
            .WithMetrics(metrics => metrics.AddMeter("Npgsql"));

        return builder;
    }

    /// <summary>The one place that decides how the DbContext talks to PostgreSQL (also used at design time).</summary>
    public static void ConfigureDbContext(DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseNpgsql(connectionString, npgsql => npgsql
                .EnableRetryOnFailure()
                .MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();

    public static TBuilder AddAIVideoRedis<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddSingleton<IConnectionMultiplexer>(services =>
        {
            var options = ConfigurationOptions.Parse(
                services.GetRequiredService<IConfiguration>().GetRequiredConnectionString(ConnectionNames.Cache));
            // Start even while Redis is down and keep reconnecting in the background, as Aspire does.
            options.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(options);
        });

        builder.Services.AddSingleton<RedisTracing>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RedisTracing>());
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(RedisTracing.ActivitySourceName))
            .WithMetrics(metrics => metrics.AddMeter("StackExchange.Redis"));

        // Redis is a cache and a message bus here: when it is down the service is degraded, not dead.
        builder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration(ConnectionNames.Cache, services => new RedisHealthCheck(
                services.GetRequiredService<IConnectionMultiplexer>()), HealthStatus.Degraded, [ReadyTag], s_healthCheckTimeout));

        return builder;
    }

    public static TBuilder AddAIVideoStorage<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // The Azure SDK emits Activities only behind this switch (Aspire's storage integrations set it too).
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);

        builder.Services.AddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        builder.Services.AddKeyedSingleton(ConnectionNames.Blobs, (services, _) =>
            services.GetRequiredService<IConfiguration>().GetStorageConnection(ConnectionNames.Blobs));
        builder.Services.AddKeyedSingleton(ConnectionNames.Queues, (services, _) =>
            services.GetRequiredService<IConfiguration>().GetStorageConnection(ConnectionNames.Queues));

        builder.Services.AddSingleton(services =>
            services.GetRequiredKeyedService<StorageConnection>(ConnectionNames.Blobs)
                .CreateBlobServiceClient(services.GetRequiredService<TokenCredential>));
        builder.Services.AddSingleton(services =>
            services.GetRequiredKeyedService<StorageConnection>(ConnectionNames.Queues)
                .CreateQueueServiceClient(services.GetRequiredService<TokenCredential>));

        builder.Services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.SectionName);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<UserDelegationKeyCache>();
        builder.Services.AddSingleton<MediaUrlSigner>();
        builder.Services.AddSingleton<StorageProvisioner>();
        builder.Services.AddOptions<VideoQueueOptions>().BindConfiguration(VideoQueueOptions.SectionName);
        builder.Services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.SectionName);
        builder.Services.AddSingleton<OutboxSender>();
        builder.Services.AddSingleton<VideoModelCatalog>();

        builder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration(ConnectionNames.Blobs, services => new BlobStorageHealthCheck(
                services.GetRequiredService<BlobServiceClient>()), HealthStatus.Unhealthy, [ReadyTag], s_healthCheckTimeout))
            .Add(new HealthCheckRegistration(ConnectionNames.Queues, services => new QueueStorageHealthCheck(
                services.GetRequiredService<QueueServiceClient>()), HealthStatus.Unhealthy, [ReadyTag], s_healthCheckTimeout));

        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource("Azure.*"));

        return builder;
    }

    public static string GetRequiredConnectionString(this IConfiguration configuration, string name) =>
        configuration.GetConnectionString(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"Connection string 'ConnectionStrings:{name}' is not set. The AppHost and run.sh set it; see the README's Configuration section.");

    public static StorageConnection GetStorageConnection(this IConfiguration configuration, string name) =>
        StorageConnection.Parse(configuration.GetRequiredConnectionString(name));
}
