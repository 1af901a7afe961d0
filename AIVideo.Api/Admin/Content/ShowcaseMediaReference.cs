using System.Text.RegularExpressions;
using AIVideo.Api.Infrastructure.Validation;

namespace AIVideo.Api.Admin.Content;

/// <summary>
/// Where a showcase item's media comes from: an absolute https URL, used as is, or the name of a
/// blob that <c>POST /admin/showcase/media</c> stored in the <c>showcase</c> container, which the
/// public endpoints sign on every read.
/// </summary>
public static partial class ShowcaseMediaReference
{
    public const int MaxLength = 1000;

    public static bool IsBlobName(string reference) => BlobName().IsMatch(reference);

    /// <summary>Checks the shape of a reference to a video (<paramref name="video"/>) or an image; existence is checked by the store.</summary>
    public static void Check(ValidationErrors errors, Location location, string? reference, bool video)
    {
        if (reference is null || !errors.Length(location, reference, 1, MaxLength))
        {
            return;
        }

        var blob = BlobName().Match(reference);
        var ok = blob.Success
            ? video == (blob.Groups["ext"].Value == ShowcaseMediaStore.Mp4.Extension)
            : Uri.TryCreate(reference, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;
        if (!ok)
        {
            var kind = video ? "an MP4 video" : "an image";
            errors.Add(location, $"must be an absolute https URL or the media_url of {kind} uploaded to /api/v1/admin/showcase/media", "value_error.media_reference");
        }
    }

    [GeneratedRegex("^media/[0-9a-f]{32}\\.(?<ext>mp4|jpg|png|webp)$", RegexOptions.CultureInvariant)]
    private static partial Regex BlobName();
}
