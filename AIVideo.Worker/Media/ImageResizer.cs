using System.Globalization;
using AIVideo.Core.Media;
using SkiaSharp;

namespace AIVideo.Worker.Media;

/// <summary>Fits reference images to the exact frame size a video provider demands.</summary>
internal static class ImageResizer
{
    /// <summary>Largest side accepted by <see cref="ParseSize"/> (8K video is 7680 wide).</summary>
    public const int MaxSide = 8192;

    /// <summary>
    /// Scales <paramref name="image"/> (JPEG, PNG or WebP) to cover a <paramref name="width"/>×<paramref name="height"/>
    /// box and crops the overflow equally from both sides, so the result is exactly that size and not distorted.
    /// The source is decoded no larger than the box needs, and under the process-wide decode limit (this call blocks
    /// while it is reached: it serves the Worker, whose jobs are few).
    /// </summary>
    /// <exception cref="ArgumentException">The image does not decode (see <see cref="ImageInspector.Inspect(ReadOnlySpan{byte})"/>).</exception>
    public static byte[] CoverResize(
        ReadOnlySpan<byte> image, int width, int height, ResizedImageEncoding encoding, int jpegQuality = 90)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, MaxSide);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, MaxSide);
        ArgumentOutOfRangeException.ThrowIfLessThan(jpegQuality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(jpegQuality, 100);

        using var slot = ImageWorkGate.Enter();
        if (!ImageDecoder.TryDecode(image, ImageDecoder.MaxPixels, width, height, out _, out var bitmap))
        {
            throw new ArgumentException("The data is not a JPEG, PNG or WebP image that decodes completely.", nameof(image));
        }

        using (bitmap)
        using (var source = SKImage.FromBitmap(bitmap))
        using (var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul, SKColorSpace.CreateSrgb())))
        {
            var scale = Math.Max((float)width / source.Width, (float)height / source.Height);
            var cropWidth = width / scale;
            var cropHeight = height / scale;
            var crop = SKRect.Create((source.Width - cropWidth) / 2, (source.Height - cropHeight) / 2, cropWidth, cropHeight);

            // JPEG has no alpha: transparent areas would otherwise come out black.
            surface.Canvas.Clear(encoding == ResizedImageEncoding.Jpeg ? SKColors.White : SKColors.Transparent);
            surface.Canvas.DrawImage(source, crop, SKRect.Create(width, height), Sampling(scale));

            using var snapshot = surface.Snapshot();
            using var encoded = encoding == ResizedImageEncoding.Jpeg
                ? snapshot.Encode(SKEncodedImageFormat.Jpeg, jpegQuality)
                : snapshot.Encode(SKEncodedImageFormat.Png, 100);
            return encoded.ToArray();
        }
    }

    /// <summary>Parses a provider size such as <c>1280x720</c> (width × height, each 1..<see cref="MaxSide"/>).</summary>
    /// <exception cref="ArgumentException">Not of that form.</exception>
    public static (int Width, int Height) ParseSize(string size)
    {
        ArgumentNullException.ThrowIfNull(size);
        var parts = size.Trim().Split('x', 'X');
        if (parts.Length == 2
            && TryParseSide(parts[0], out var width)
            && TryParseSide(parts[1], out var height))
        {
            return (width, height);
        }

        throw new ArgumentException($"'{size}' is not a size of the form 1280x720 with sides from 1 to {MaxSide}.", nameof(size));
    }

    private static bool TryParseSide(string text, out int side) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out side) && side is >= 1 and <= MaxSide;

    /// <summary>
    /// Cubic (Mitchell) is the sharpest for enlarging and mild shrinking, but it samples only a 4×4 neighbourhood, so
    /// below half size it aliases; mipmaps average the skipped pixels instead.
    /// </summary>
    private static SKSamplingOptions Sampling(float scale) =>
        scale >= 0.5f
            ? new SKSamplingOptions(SKCubicResampler.Mitchell)
            : new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear);
}
