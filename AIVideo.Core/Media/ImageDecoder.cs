using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace AIVideo.Core.Media;

/// <summary>
/// The one place that turns untrusted bytes into pixels: the type must match the magic bytes, the size is checked
/// from the header before any pixel memory is allocated, the whole file must decode, and pixels are only ever
/// decoded at the size the caller needs (the codec's own scaled decode), never at a bomb's full size.
/// Callers hold an <see cref="ImageWorkGate"/> slot around these calls.
/// </summary>
public static class ImageDecoder
{
    /// <summary>
    /// Largest image accepted, in pixels: a 48 MP phone photo passes. Most images are checked and scaled without a
    /// full-size bitmap, but a progressive JPEG or an interlaced PNG still costs a few bytes per pixel inside the codec.
    /// </summary>
    public const long MaxPixels = 50_000_000;

    /// <summary>libjpeg-turbo decodes at eighths of the size; 1/8 is the smallest.</summary>
    private const float SmallestScale = 1f / 8;

    public static bool TryReadInfo(ReadOnlySpan<byte> data, long maxPixels, [NotNullWhen(true)] out ImageInfo? info)
    {
        info = null;
        using var encoded = SKData.CreateCopy(data);
        using var codec = Open(data, encoded, maxPixels, out var format);
        if (codec is null || !DecodesCompletely(codec))
        {
            return false;
        }

        var (width, height) = (codec.Info.Width, codec.Info.Height);
        info = SwapsAxes(codec.EncodedOrigin) ? new ImageInfo(format!, height, width) : new ImageInfo(format!, width, height);
        return true;
    }

    /// <summary>
    /// Decodes into an upright sRGB bitmap that the caller disposes, or returns false. The bitmap is the smallest size
    /// the codec can decode to that still covers <paramref name="coverWidth"/>×<paramref name="coverHeight"/> once upright
    /// (a JPEG decodes at eighths of its size), so fitting a 48 MP photo into a 1280×720 frame never holds 48 MP.
    /// </summary>
    public static bool TryDecode(
        ReadOnlySpan<byte> data, long maxPixels, int coverWidth, int coverHeight,
        [NotNullWhen(true)] out ImageFormat? format, [NotNullWhen(true)] out SKBitmap? bitmap)
    {
        bitmap = null;
        using var encoded = SKData.CreateCopy(data);
        using var codec = Open(data, encoded, maxPixels, out format);
        if (codec is null)
        {
            return false;
        }

        // The codec scales the stored image, which EXIF may say is sideways.
        var (needWidth, needHeight) = SwapsAxes(codec.EncodedOrigin) ? (coverHeight, coverWidth) : (coverWidth, coverHeight);
        var size = codec.Info.Size;
        for (var eighths = 1; eighths < 8; eighths++)
        {
            var scaled = codec.GetScaledDimensions(eighths / 8f);
            if (scaled.Width >= needWidth && scaled.Height >= needHeight)
            {
                size = scaled;
                break;
            }
        }

        // Converting to sRGB keeps wide-gamut phone photos looking right once re-encoded without their profile.
        var decoded = DecodeAt(codec, size, SKColorSpace.CreateSrgb());
        if (decoded is null)
        {
            format = null;
            return false;
        }

        bitmap = Upright(decoded, codec.EncodedOrigin);
        // Always set once Open gave a codec; spelled out for the compiler.
        return format is not null;
    }

    /// <summary>A codec for the bytes when their magic bytes and the decoder agree and the header's size is within the limit.</summary>
    private static SKCodec? Open(ReadOnlySpan<byte> data, SKData encoded, long maxPixels, out ImageFormat? format)
    {
        format = ImageFormats.Detect(data);
        if (format is null)
        {
            return null;
        }

        // Create reads the header only: a bomb is refused here, before any pixel memory exists.
        var codec = SKCodec.Create(encoded);
        var (width, height) = codec is null ? (0, 0) : (codec.Info.Width, codec.Info.Height);
        if (codec is null || FromSkia(codec.EncodedFormat) != format || width <= 0 || height <= 0 || (long)width * height > maxPixels)
        {
            codec?.Dispose();
            format = null;
            return null;
        }

        return codec;
    }

    /// <summary>
    /// Whether every byte of image data decodes, holding as few pixels as the codec allows: JPEG and WebP decode at the
    /// smallest scale (all the compressed data is still read), PNG row by row into one row's memory.
    /// </summary>
    private static bool DecodesCompletely(SKCodec codec)
    {
        var full = codec.Info.Size;
        var smallest = codec.GetScaledDimensions(SmallestScale);
        if (smallest.Width < full.Width || smallest.Height < full.Height)
        {
            using var scaled = DecodeAt(codec, smallest, colorSpace: null);
            return scaled is not null;
        }

        var info = new SKImageInfo(full.Width, full.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        if (codec.StartScanlineDecode(info) != SKCodecResult.Success)
        {
            using var whole = DecodeAt(codec, full, colorSpace: null);
            return whole is not null;
        }

        var row = Marshal.AllocHGlobal(info.RowBytes);
        try
        {
            for (var y = 0; y < full.Height; y++)
            {
                // A truncated file decodes fewer lines than asked (the rest left blank).
                if (codec.GetScanlines(row, 1, info.RowBytes) != 1)
                {
                    return false;
                }
            }

            return true;
        }
        finally
        {
            Marshal.FreeHGlobal(row);
        }
    }

    private static SKBitmap? DecodeAt(SKCodec codec, SKSizeI size, SKColorSpace? colorSpace)
    {
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul, colorSpace);
        var decoded = new SKBitmap();
        // A truncated file decodes as IncompleteInput (the missing rows left blank): only Success is a real image.
        if (!decoded.TryAllocPixels(info) || codec.GetPixels(info, decoded.GetPixels()) != SKCodecResult.Success)
        {
            decoded.Dispose();
            return null;
        }

        return decoded;
    }

    private static ImageFormat? FromSkia(SKEncodedImageFormat format) => format switch
    {
        SKEncodedImageFormat.Jpeg => ImageFormat.Jpeg,
        SKEncodedImageFormat.Png => ImageFormat.Png,
        SKEncodedImageFormat.Webp => ImageFormat.WebP,
        _ => null,
    };

    private static bool SwapsAxes(SKEncodedOrigin origin) =>
        origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;

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

        var upright = new SKBitmap(bitmap.Info.WithSize(SwapsAxes(origin) ? bitmap.Height : bitmap.Width, SwapsAxes(origin) ? bitmap.Width : bitmap.Height));
        using (bitmap)
        using (var canvas = new SKCanvas(upright))
        {
            canvas.SetMatrix(matrix);
            canvas.DrawBitmap(bitmap, 0, 0, SKSamplingOptions.Default);
        }

        return upright;
    }
}
