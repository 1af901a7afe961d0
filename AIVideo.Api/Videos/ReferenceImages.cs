using AIVideo.Core.Media;

namespace AIVideo.Api.Videos;

public enum ReferenceImageKind
{
    Invalid,
    Upload,
    ExternalHttps,
}

/// <summary>The two forms a <c>reference_image_url</c> may take (contract, Videos).</summary>
public static class ReferenceImages
{
    public static ReferenceImageKind Classify(string value)
    {
        if (value.StartsWith(UploadPaths.Prefix, StringComparison.Ordinal))
        {
            var parts = value[UploadPaths.Prefix.Length..].Split('/');
            return parts is [var owner, var name] && UploadPaths.IsWellFormed(owner, name) ? ReferenceImageKind.Upload : ReferenceImageKind.Invalid;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri)
            && uri.Scheme == Uri.UriSchemeHttps
            && string.IsNullOrEmpty(uri.UserInfo)
            && uri.Host.Length > 0
                ? ReferenceImageKind.ExternalHttps
                : ReferenceImageKind.Invalid;
    }
}
