using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace AIVideo.Core.Hosting;

/// <summary>
/// Blob and queue clients on the plain Azure SDK, with a health check and tracing each: the
/// Aspire storage integrations (<c>Aspire.Azure.Storage.*</c>) are not in this project's package
/// feed, so this file does what they would for the connection names of the Aspire contract.
/// </summary>
public static class StorageHostingExtensions
{
    public static TBuilder AddAIVideoStorage<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // The Azure SDK emits Activities only behind this switch (Aspire's storage integrations set it too).
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);

        builder.Services.AddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        builder.Services.AddKeyedSingleton(ConnectionNames.Blobs, (services, _) =>
            GetStorageConnection(services, ConnectionNames.Blobs));
        builder.Services.AddKeyedSingleton(ConnectionNames.Queues, (services, _) =>
            GetStorageConnection(services, ConnectionNames.Queues));

        builder.Services.AddSingleton(services =>
            services.GetRequiredKeyedService<StorageConnection>(ConnectionNames.Blobs)
                .CreateBlobServiceClient(services.GetRequiredService<TokenCredential>));
        builder.Services.AddSingleton(services =>
            services.GetRequiredKeyedService<StorageConnection>(ConnectionNames.Queues)
                .CreateQueueServiceClient(services.GetRequiredService<TokenCredential>));

        builder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration(ConnectionNames.Blobs, services => new BlobStorageHealthCheck(
                services.GetRequiredService<BlobServiceClient>()), HealthStatus.Unhealthy, [CoreHostingExtensions.ReadyTag], CoreHostingExtensions.HealthCheckTimeout))
            .Add(new HealthCheckRegistration(ConnectionNames.Queues, services => new QueueStorageHealthCheck(
                services.GetRequiredService<QueueServiceClient>()), HealthStatus.Unhealthy, [CoreHostingExtensions.ReadyTag], CoreHostingExtensions.HealthCheckTimeout));

        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource("Azure.*"));

        return builder;
    }

    private static StorageConnection GetStorageConnection(IServiceProvider services, string name) =>
        StorageConnection.Parse(services.GetRequiredService<IConfiguration>().GetRequiredConnectionString(name));
}
