using System.ComponentModel.DataAnnotations;

namespace AIVideo.Api.Uploads;

/// <summary>Section <c>Uploads</c>.</summary>
public sealed class UploadOptions
{
    public const string SectionName = "Uploads";

    /// <summary>
    /// Bytes of uploaded images one user may hold in all (200 MB: twenty of the largest files, hundreds of
    /// phone photos). Uploads are never deleted, so without it one account could fill the storage account.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long QuotaBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>The 413 text, in the style of the contract's size refusal.</summary>
    public string QuotaExceededMessage =>
        $"Storage quota exceeded. Maximum: {QuotaBytes / (1024.0 * 1024):0.0##} MB";
}
