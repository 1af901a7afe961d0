using AIVideo.Api.Infrastructure.Validation;
using AIVideo.Core.Media;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace AIVideo.Api.Admin.Content;

/// <summary>A kind of file the <c>showcase</c> container holds.</summary>
public sealed record ShowcaseMediaType(string ContentType, string Extension);

/// <summary>
/// Stores admin-uploaded media in the <c>showcase</c> container under server-chosen names
/// (<c>media/{uuid}.{ext}</c>) and checks that references to such blobs exist.
/// </summary>
public sealed class ShowcaseMediaStore(BlobServiceClient blobs)
{
    /// <summary>Showcase clips are short marketing videos; images keep the user upload limit.</summary>
    public const int MaxVideoBytes = 50 * 1024 * 1024;

    public const long MaxRequestBytes = MaxVideoBytes + (256 * 1024);

    public const string VideoTooLargeMessage = "File too large. Maximum size: 50.0 MB";

    public const string InvalidTypeMessage = "Invalid file type. Allowed types: image/jpeg, image/png, image/webp, video/mp4";

    public static readonly ShowcaseMediaType Mp4 = new("video/mp4", "mp4");

    /// <summary>ISO base media brands of playable MP4 files (HEIF/AVIF images share the box layout, not these brands).</summary>
    private static readonly HashSet<string> s_mp4Brands = ["isom", "iso2", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1", "M4V ", "dash", "mmp4"];

    private BlobContainerClient Container => blobs.GetBlobContainerClient(MediaContainers.Showcase);

    /// <summary>An MP4 starts with an <c>ftyp</c> box naming its major brand.</summary>
    public static bool IsMp4(ReadOnlySpan<byte> data) =>
        data.Length >= 12
        && data[4..8].SequenceEqual("ftyp"u8)
        && s_mp4Brands.Contains(System.Text.Encoding.ASCII.GetString(data[8..12]));

    public static ShowcaseMediaType Of(ImageFormat format) => new(format.ContentType, format.Extension);

    public async Task<string> SaveAsync(ReadOnlyMemory<byte> content, ShowcaseMediaType type, CancellationToken cancellationToken)
    {
        // Names come from the server only; a new upload never overwrites what a live page shows.
        var blobName = $"media/{Guid.NewGuid():N}.{type.Extension}";
        await Container.GetBlobClient(blobName).UploadAsync(new BinaryData(content), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = type.ContentType, CacheControl = "public, max-age=31536000, immutable" },
        }, cancellationToken);
        return blobName;
    }

    /// <summary>
    /// Checks that every blob reference among <paramref name="references"/> names a stored blob
    /// (URLs are not fetched). Null when all do, else the 422 errors.
    /// </summary>
    public async Task<ValidationErrors?> FindMissingAsync(IEnumerable<(Location Location, string? Reference)> references, CancellationToken cancellationToken)
    {
        ValidationErrors? errors = null;
        foreach (var (location, reference) in references)
        {
            if (reference is not null && ShowcaseMediaReference.IsBlobName(reference)
                && !(await Container.GetBlobClient(reference).ExistsAsync(cancellationToken)).Value)
            {
                (errors ??= new()).Add(location, "no such media in the showcase container", "value_error.media_reference.not_found");
            }
        }

        return errors;
    }
}
