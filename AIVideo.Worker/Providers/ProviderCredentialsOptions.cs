namespace AIVideo.Worker.Providers;

/// <summary>Credentials of one provider kind (section <c>VideoProviders:{kind}</c>, e.g. <c>VideoProviders:openai-videos:ApiKey</c>).</summary>
internal sealed class ProviderCredentialsOptions
{
    public const string SectionName = "VideoProviders";

    /// <summary>The API key; absent for Entra ID (Azure endpoints) or the Emulator.</summary>
    public string? ApiKey { get; set; }
}
