namespace AIVideo.Core.Media;

/// <summary>
/// Tells an image's type from its first bytes. A file name or a Content-Type header is the sender's claim;
/// the magic bytes are what a decoder (or a browser that sniffs) will actually act on.
/// </summary>
public static class ImageFormats
{
    /// <summary>How many leading bytes <see cref="Detect"/> needs to recognise every accepted type.</summary>
    public const int HeaderLength = 12;

    private static ReadOnlySpan<byte> JpegMagic => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> PngMagic => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> Riff => "RIFF"u8;

    private static ReadOnlySpan<byte> WebP => "WEBP"u8;

    /// <summary>
    /// The type whose signature <paramref name="header"/> starts with (JPEG <c>FF D8 FF</c>, PNG <c>89 50 4E 47 0D 0A 1A 0A</c>,
    /// WebP <c>RIFF????WEBP</c>), or null for anything else, including a header too short to tell.
    /// </summary>
    public static ImageFormat? Detect(ReadOnlySpan<byte> header)
    {
        if (header.StartsWith(JpegMagic))
        {
            return ImageFormat.Jpeg;
        }

        if (header.StartsWith(PngMagic))
        {
            return ImageFormat.Png;
        }

        // Bytes 4..7 are the RIFF chunk size, which can be anything.
        if (header.Length >= HeaderLength && header.StartsWith(Riff) && header[8..HeaderLength].SequenceEqual(WebP))
        {
            return ImageFormat.WebP;
        }

        return null;
    }

    /// <summary>
    /// The accepted type named by a Content-Type header value (parameters and case ignored), or null.
    /// Only says what the sender claims: check the bytes with <see cref="Detect"/> as well.
    /// </summary>
    public static ImageFormat? FromContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        var mediaType = contentType.Split(';', 2)[0].Trim();
        return ImageFormat.All.FirstOrDefault(format => string.Equals(format.ContentType, mediaType, StringComparison.OrdinalIgnoreCase));
    }
}
