namespace AIVideo.Core.Media;

/// <summary>The blob containers of the storage layout (architecture.md, Media).</summary>
public static class MediaContainers
{
    /// <summary>Reference images users upload: <c>user_{id}/{uuid}.{ext}</c>, served by the Api.</summary>
    public const string Uploads = "uploads";

    /// <summary>Generated videos: <c>user_{id}/{video_id}/{attempt}.mp4</c>, read through signed URLs.</summary>
    public const string Videos = "videos";

    /// <summary>Poster frames: <c>user_{id}/{video_id}/{attempt}.jpg</c>, read through signed URLs.</summary>
    public const string Posters = "posters";

    /// <summary>Showcase and trial-image media managed by admins.</summary>
    public const string Showcase = "showcase";

    public static readonly IReadOnlyList<string> All = [Uploads, Videos, Posters, Showcase];
}
