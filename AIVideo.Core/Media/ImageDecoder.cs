using System.Diagnostics.CodeAnalysis;
using SkiaSharp;

namespace AIVideo.Core.Media;

/// <summary>
/// The one place that turns untrusted bytes into pixels: the type must match the magic bytes, the size is checked
/// from the header before any pixel memory is allocated, and the whole file must decode.
/// </summary>
internal static class ImageDecoder
{
    /// <summary>Largest image decoded, in pixels: 50 MP is 200 MB of RGBA, and a decompression bomb declares far more.</summary>
    public const long MaxPixels = 50_000_000;

    public static bool TryReadInfo(ReadOnlySpan<byte> data, long maxPixels, [NotNullWhen(true)] out ImageInfo? info)
    {
        info = null;
        if (!TryDecode(data, maxPixels, out var format, out var bitmap))
        {
            return false;
        }

        using (bitmap)
        {
            info = new ImageInfo(format, bitmap.Width, bitmap.Height);
            return true;
        }
    }

    /// <summary>Decodes every pixel into an upright sRGB bitmap that the caller disposes, or returns false.</summary>
    public static bool TryDecode(
        ReadOnlySpan<byte> data, long maxPixels, [NotNullWhen(true)] out ImageFormat? format, [NotNullWhen(true)] out SKBitmap? bitmap)
    {
        bitmap = null;
        format = ImageFormats.Detect(data);
        if (format is null)
        {
            return false;
        }

        using var encoded = SKData.CreateCopy(data);
        using var codec = SKCodec.Create(encoded);
        if (codec is null || FromSkia(codec.EncodedFormat) != format)
        {
            format = null;
            return false;
        }

        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0 || (long)width * height > maxPixels)
        {
            format = null;
            return false;
        }

        // Converting to sRGB keeps wide-gamut phone photos looking right once re-encoded without their profile.
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul, SKColorSpace.CreateSrgb());
        var decoded = new SKBitmap();
        // A truncated file decodes as IncompleteInput (the missing rows left blank): only Success is a real image.
        if (!decoded.TryAllocPixels(info) || codec.GetPixels(info, decoded.GetPixels()) != SKCodecResult.Success)
        {
            decoded.Dispose();
            format = null;
            return false;
        }

        bitmap = Upright(decoded, codec.EncodedOrigin);
        return true;
    }

    private static ImageFormat? FromSkia(SKEncodedImageFormat format) => format switch
    {
        SKEncodedImageFormat.Jpeg => ImageFormat.Jpeg,
        SKEncodedImageFormat.Png => ImageFormat.Png,
        SKEncodedImageFormat.Webp => ImageFormat.WebP,
        _ => null,
    };

    /// <summary>
    /// Applies the EXIF orientation (phones store portrait photos sideways and say so in EXIF), so that what is
    /// measured and resized is what a viewer shows. Takes ownership of <paramref name="bitmap"/>.
    /// </summary>
    private static SKBitmap Upright(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        var (w, h) = ((float)bitmap.Width, (float)bitmap.Height);
        // Maps a stored pixel (x, y) to its upright position: x' = ScaleX·x + SkewX·y + TransX, y' = SkewY·x + ScaleY·y + TransY.
        SKMatrix? transform = origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
            SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
            _ => null,
        };
        if (transform is not { } matrix)
        {
            return bitmap;
        }

        var swapsAxes = matrix.ScaleX == 0;
        var upright = new SKBitmap(bitmap.Info.WithSize(swapsAxes ? bitmap.Height : bitmap.Width, swapsAxes ? bitmap.Width : bitmap.Height));
        using (bitmap)
        using (var canvas = new SKCanvas(upright))
        {
            canvas.SetMatrix(matrix);
            canvas.DrawBitmap(bitmap, 0, 0, SKSamplingOptions.Default);
        }

        return upright;
    }
}
