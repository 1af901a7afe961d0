namespace AIVideo.Core.Media;

/// <summary>Checks that bytes really are a JPEG, PNG or WebP image, by decoding all of it.</summary>
public static class ImageInspector
{
    /// <summary>Largest image accepted, in pixels (width × height); larger ones are refused from their header.</summary>
    public const long MaxPixels = ImageDecoder.MaxPixels;

    /// <summary>
    /// The type and upright size of <paramref name="data"/>, or null when it is not an accepted type, does not
    /// decode completely as the type its magic bytes claim (a lying header, a truncated file, a polyglot), or is
    /// larger than <see cref="MaxPixels"/>.
    /// </summary>
    public static ImageInfo? Inspect(ReadOnlySpan<byte> data) => Inspect(data, MaxPixels);

    /// <summary>With a lower limit, so tests can check the limit without building a 50 MP image.</summary>
    internal static ImageInfo? Inspect(ReadOnlySpan<byte> data, long maxPixels) =>
        ImageDecoder.TryReadInfo(data, maxPixels, out var info) ? info : null;
}
