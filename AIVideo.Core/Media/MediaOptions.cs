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
    /// How long a user delegation key (Azure, no account key) is requested for. Signed URLs never
    /// outlive their key, so the key is renewed while it still covers a whole URL lifetime.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan UserDelegationKeyLifetime { get; set; } = TimeSpan.FromDays(1);
}
