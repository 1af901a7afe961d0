using AIVideo.Core.Videos;

namespace AIVideo.Worker.Providers;

/// <summary>
/// The Refit client of one model's endpoint, as <see cref="ProvidersHostingExtensions.AddVideoProviders{TBuilder}"/>
/// registered it under the model's id (through IHttpClientFactory, so handlers are pooled and rotated).
/// </summary>
internal sealed class ProviderApis<TApi>(IServiceProvider services) where TApi : class
{
    /// <exception cref="InvalidOperationException">
    /// No client of this kind for the model: a model missing from the configuration the Worker started with.
    /// </exception>
    public TApi For(VideoModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return services.GetKeyedService<TApi>(model.Id)
            ?? throw new InvalidOperationException(
                $"No {typeof(TApi).Name} client is registered for video model '{model.Id}' ({model.Options.Provider}): clients are registered for the models configured at start-up.");
    }
}
