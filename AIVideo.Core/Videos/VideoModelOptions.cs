namespace AIVideo.Core.Videos;

/// <summary>
/// One public model id (section <c>VideoModels:{id}</c>) and the provider that serves it. Adding a
/// model of an existing provider kind, or re-pointing one, is configuration only.
/// </summary>
public sealed class VideoModelOptions
{
    public string Name { get; set; } = string.Empty;

    public string Version { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    public decimal CreditsCost { get; set; } = 10.0m;

    /// <summary>Which provider API to speak: <c>openai-videos</c>, <c>azure-sora-jobs</c> or <c>runway</c>.</summary>
    public string Provider { get; set; } = string.Empty;

    /// <summary>The provider's own model or deployment name.</summary>
    public string ProviderModel { get; set; } = string.Empty;

    /// <summary>The provider's base URL; absent when the local Emulator plays the provider.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Image-to-video only providers cannot start from a prompt alone.</summary>
    public bool RequiresReferenceImage { get; set; }
}
