using Microsoft.Extensions.Configuration;

namespace AIVideo.Core.Videos;

/// <summary>
/// The configured models (section <c>VideoModels</c>), in configuration order, over built-in
/// defaults for the three models of the spec. A model is available when its provider can be
/// reached: it has an endpoint, or the local Emulator (<c>services:videomodel:http:0</c>) plays it.
/// </summary>
public sealed class VideoModelCatalog
{
    public const string SectionName = "VideoModels";
    public const string EmulatorKey = "services:videomodel:http:0";

    private static readonly Dictionary<string, VideoModelOptions> s_defaults = new(StringComparer.Ordinal)
    {
        ["sora-2"] = new() { Name = "Sora 2", Version = "Latest", Description = "Most advanced AI video generation model", Provider = ProviderKinds.OpenAIVideos, ProviderModel = "sora-2" },
        ["sora-1"] = new() { Name = "Sora 1", Version = "Stable", Description = "Reliable AI video generation", Provider = ProviderKinds.AzureSoraJobs, ProviderModel = "sora" },
        ["runway-gen3"] = new() { Name = "Runway Gen-3", Version = "Beta", Description = "High-quality video generation", Provider = ProviderKinds.Runway, ProviderModel = "gen3a_turbo", RequiresReferenceImage = true },
    };

    private readonly Dictionary<string, VideoModel> _models;

    public VideoModelCatalog(IConfiguration configuration)
    {
        var emulator = configuration[EmulatorKey] is { Length: > 0 } url ? new Uri(url) : null;
        _models = new Dictionary<string, VideoModel>(StringComparer.Ordinal);
        var section = configuration.GetSection(SectionName);
        var ids = s_defaults.Keys.Concat(section.GetChildren().Select(c => c.Key)).Distinct(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var options = s_defaults.TryGetValue(id, out var defaults) ? Copy(defaults) : new VideoModelOptions();
            section.GetSection(id).Bind(options);
            if (!ProviderKinds.All.Contains(options.Provider))
            {
                throw new InvalidOperationException($"VideoModels:{id}:Provider must be one of {string.Join(", ", ProviderKinds.All)}.");
            }

            var endpoint = options.Endpoint ?? (emulator is null ? null : EmulatorEndpoint(emulator, options.Provider));
            _models[id] = new VideoModel(id, options, endpoint);
        }

        Ids = [.. _models.Keys];
    }

    /// <summary>Every public model id, for validation messages and the models list.</summary>
    public IReadOnlyList<string> Ids { get; }

    public IEnumerable<VideoModel> Models => _models.Values;

    public VideoModel? Find(string id) => _models.GetValueOrDefault(id);

    /// <summary>Where the Emulator serves each provider kind's API.</summary>
    public static Uri EmulatorEndpoint(Uri emulator, string providerKind) => new(emulator, providerKind switch
    {
        ProviderKinds.OpenAIVideos => "/openai/v1/",
        ProviderKinds.AzureSoraJobs => "/azure-sora/openai/v1/",
        _ => "/runway/",
    });

    private static VideoModelOptions Copy(VideoModelOptions o) => new()
    {
        Name = o.Name,
        Version = o.Version,
        Description = o.Description,
        CreditsCost = o.CreditsCost,
        Provider = o.Provider,
        ProviderModel = o.ProviderModel,
        Endpoint = o.Endpoint,
        RequiresReferenceImage = o.RequiresReferenceImage,
    };
}

public sealed record VideoModel(string Id, VideoModelOptions Options, Uri? Endpoint)
{
    public bool Available => Endpoint is not null;
}
