using AIVideo.Core.Videos;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AIVideo.Worker.Providers;

internal static class ProvidersHostingExtensions
{
    /// <summary>
    /// The three provider adapters, their resolver, and one named HttpClient per provider kind (credentials handler
    /// inside the service defaults' resilience handler) plus a plain one for pre-signed output URLs.
    /// </summary>
    public static TBuilder AddVideoProviders<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.TryAddSingleton<VideoModelCatalog>();
        builder.Services.TryAddSingleton(new ProviderTokenCredential(() => new DefaultAzureCredential()));

        foreach (var kind in ProviderKinds.All)
        {
            builder.Services.AddOptions<ProviderCredentialsOptions>(kind)
                .BindConfiguration($"{ProviderCredentialsOptions.SectionName}:{kind}");
            builder.Services.AddHttpClient(ProviderCalls.ClientName(kind))
                .AddHttpMessageHandler(services => new ProviderCredentialsHandler(
                    kind,
                    services.GetRequiredService<IOptionsMonitor<ProviderCredentialsOptions>>(),
                    services.GetRequiredService<ProviderTokenCredential>()));
        }

        // Pre-signed output URLs carry their own authorization: no credentials may go to whatever host they name.
        builder.Services.AddHttpClient(ProviderCalls.OutputClientName);

        builder.Services.AddSingleton<IVideoProvider, OpenAIVideosProvider>();
        builder.Services.AddSingleton<IVideoProvider, AzureSoraJobsProvider>();
        builder.Services.AddSingleton<IVideoProvider, RunwayProvider>();
        builder.Services.AddSingleton<VideoProviderResolver>();
        return builder;
    }
}
