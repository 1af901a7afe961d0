using AIVideo.Core.Videos;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Refit;

namespace AIVideo.Worker.Providers;

internal static class ProvidersHostingExtensions
{
    /// <summary>
    /// The three provider adapters, their resolver, one Refit client per configured model (credentials handler inside
    /// the service defaults' resilience handler), and a plain client for pre-signed output URLs. The
    /// <see cref="VideoModelCatalog"/> they read comes from <c>AddAIVideoCore</c>.
    /// </summary>
    public static TBuilder AddVideoProviders<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.TryAddSingleton(new ProviderTokenCredential(() => new DefaultAzureCredential()));
        foreach (var kind in ProviderKinds.All)
        {
            builder.Services.AddOptions<ProviderCredentialsOptions>(kind)
                .BindConfiguration($"{ProviderCredentialsOptions.SectionName}:{kind}");
        }

        // Refit registers one client per interface type, so two models of one kind (each its own endpoint) need
        // one keyed client each: the key is the model id, the HttpClient is named after it and configured from the
        // catalog. The model ids and kinds are read here, from the configuration the host starts with; the endpoint
        // when a client is made. The clients are the source-generated ones (Refit's reflection builder is a separate
        // package). The service defaults give every HttpClient the standard resilience handler.
        foreach (var model in new VideoModelCatalog(builder.Configuration).Models)
        {
            var id = model.Id;
            var kind = model.Options.Provider;
            var client = kind switch
            {
                ProviderKinds.OpenAIVideos => builder.Services.AddKeyedRefitGeneratedClient<IOpenAIVideosApi>(id, ProviderCalls.RefitSettings, ClientName(id)),
                ProviderKinds.AzureSoraJobs => builder.Services.AddKeyedRefitGeneratedClient<IAzureSoraJobsApi>(id, ProviderCalls.RefitSettings, ClientName(id)),
                ProviderKinds.Runway => builder.Services.AddKeyedRefitGeneratedClient<IRunwayApi>(id, ProviderCalls.RefitSettings, ClientName(id)),
                _ => throw new InvalidOperationException($"No video provider adapter speaks '{kind}' (model '{id}')."),
            };
            client
                .ConfigureHttpClient((services, http) => http.BaseAddress = BaseAddress(services.GetRequiredService<VideoModelCatalog>(), id))
                .AddHttpMessageHandler(services => new ProviderCredentialsHandler(
                    kind,
                    services.GetRequiredService<IOptionsMonitor<ProviderCredentialsOptions>>(),
                    services.GetRequiredService<ProviderTokenCredential>()));
        }

        // Pre-signed output URLs carry their own authorization: no credentials may go to whatever host they name.
        builder.Services.AddHttpClient(ProviderCalls.OutputClientName);

        builder.Services.AddSingleton(typeof(ProviderApis<>));
        builder.Services.AddSingleton<IVideoProvider, OpenAIVideosProvider>();
        builder.Services.AddSingleton<IVideoProvider, AzureSoraJobsProvider>();
        builder.Services.AddSingleton<IVideoProvider, RunwayProvider>();
        builder.Services.AddSingleton<VideoProviderResolver>();
        return builder;
    }

    public static string ClientName(string modelId) => "video-model-" + modelId;

    private static Uri BaseAddress(VideoModelCatalog catalog, string modelId)
    {
        var endpoint = catalog.Find(modelId)?.Endpoint ?? throw new InvalidOperationException($"Video model '{modelId}' has no endpoint.");

        // Refit appends its "/path" to the base path: without the trailing slash, "/openai/v1/" + "/videos" stays single.
        return new Uri(endpoint.AbsoluteUri.TrimEnd('/'));
    }
}
