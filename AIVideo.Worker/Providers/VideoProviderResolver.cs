using AIVideo.Core.Videos;

namespace AIVideo.Worker.Providers;

/// <summary>Picks the adapter that speaks a model's provider kind (<see cref="VideoModelOptions.Provider"/>).</summary>
internal sealed class VideoProviderResolver(IEnumerable<IVideoProvider> providers)
{
    private readonly Dictionary<string, IVideoProvider> _byKind = providers.ToDictionary(p => p.Kind, StringComparer.Ordinal);

    /// <exception cref="InvalidOperationException">No adapter for the kind: a configuration the catalog should have refused.</exception>
    public IVideoProvider Resolve(VideoModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return _byKind.TryGetValue(model.Options.Provider, out var provider)
            ? provider
            : throw new InvalidOperationException($"No video provider adapter speaks '{model.Options.Provider}' (model '{model.Id}').");
    }
}
