using System.ComponentModel.DataAnnotations;

namespace AIVideo.Core.Media;

/// <summary>Section <c>Media</c>.</summary>
public sealed class MediaOptions
{
    public const string SectionName = "Media";

    /// <summary>How long a signed <c>video_url</c> or <c>poster_url</c> stays valid; renewed on every read.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan SignedUrlLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long one signed URL is handed out again, so a page of videos signs nothing in the
    /// steady state and a browser finds the media in its cache; a URL handed out then has at
    /// least <see cref="SignedUrlLifetime"/> minus this left. Zero signs on every read.
    /// </summary>
    public TimeSpan SignedUrlReuse { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Most signed URLs kept for reuse; past it the kept ones are dropped and signing starts over.</summary>
    public int SignedUrlReuseCapacity { get; set; } = 100_000;

    /// <summary>
    /// How long a user delegation key (Azure, no account key) is requested for. Signed URLs never
    /// outlive their key, so the key is renewed while it still covers a whole URL lifetime.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan UserDelegationKeyLifetime { get; set; } = TimeSpan.FromDays(1);
}
