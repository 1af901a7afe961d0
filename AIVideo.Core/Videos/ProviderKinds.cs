namespace AIVideo.Core.Videos;

/// <summary>The provider APIs the Worker speaks (video-providers.md).</summary>
public static class ProviderKinds
{
    public const string OpenAIVideos = "openai-videos";
    public const string AzureSoraJobs = "azure-sora-jobs";
    public const string Runway = "runway";

    public static readonly IReadOnlyList<string> All = [OpenAIVideos, AzureSoraJobs, Runway];
}
