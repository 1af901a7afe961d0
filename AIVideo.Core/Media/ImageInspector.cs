namespace AIVideo.Core.Media;

/// <summary>Checks that bytes really are a JPEG, PNG or WebP image, by decoding all of it (at the smallest scale the codec allows).</summary>
public static class ImageInspector
{
    /// <summary>Largest image accepted, in pixels (width × height); larger ones are refused from their header.</summary>
    public const long MaxPixels = ImageDecoder.MaxPixels;

    /// <summary>
    /// The type and upright size of <paramref name="data"/>, or null when it is not an accepted type, does not
    /// decode completely as the type its magic bytes claim (a lying header, a truncated file, a polyglot), or is
    /// larger than <see cref="MaxPixels"/>. Blocks while other decodes hold every slot: the Api uses <see cref="InspectAsync"/>.
    /// </summary>
    public static ImageInfo? Inspect(ReadOnlySpan<byte> data) => Inspect(data, MaxPixels);

    /// <summary>As <see cref="Inspect(ReadOnlySpan{byte})"/>, waiting for a decode slot without holding a thread.</summary>
    public static async Task<ImageInfo?> InspectAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        using (await ImageWorkGate.EnterAsync(cancellationToken))
        {
            return ImageDecoder.TryReadInfo(data.Span, MaxPixels, out var info) ? info : null;
        }
    }

    /// <summary>With a lower limit, so tests can check the limit without building a 50 MP image.</summary>
    internal static ImageInfo? Inspect(ReadOnlySpan<byte> data, long maxPixels)
    {
        using (ImageWorkGate.Enter())
        {
            return ImageDecoder.TryReadInfo(data, maxPixels, out var info) ? info : null;
        }
    }
}
