using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace AIVideo.Tests.Support;

/// <summary>Real images made with SkiaSharp, and hand-made broken ones, for the media tests.</summary>
internal static class TestImages
{
    public static byte[] Solid(int width, int height, SKColor color, SKEncodedImageFormat format = SKEncodedImageFormat.Png) =>
        VerticalBands(width, height, format, color);

    /// <summary>Equal-width vertical bands of <paramref name="colors"/>, left to right.</summary>
    public static byte[] VerticalBands(int width, int height, SKEncodedImageFormat format, params SKColor[] colors) =>
        Draw(width, height, format, (canvas, w, h) =>
        {
            for (var i = 0; i < colors.Length; i++)
            {
                using var paint = new SKPaint { Color = colors[i] };
                canvas.DrawRect(SKRect.Create(w * i / colors.Length, 0, w / colors.Length, h), paint);
            }
        });

    /// <summary>Equal-height horizontal bands of <paramref name="colors"/>, top to bottom.</summary>
    public static byte[] HorizontalBands(int width, int height, SKEncodedImageFormat format, params SKColor[] colors) =>
        Draw(width, height, format, (canvas, w, h) =>
        {
            for (var i = 0; i < colors.Length; i++)
            {
                using var paint = new SKPaint { Color = colors[i] };
                canvas.DrawRect(SKRect.Create(0, h * i / colors.Length, w, h / colors.Length), paint);
            }
        });

    /// <summary>Random pixels: they compress badly, so a truncated file misses most of its image data.</summary>
    public static byte[] Noise(int width, int height, SKEncodedImageFormat format)
    {
        var random = new Random(42);
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, new SKColor((uint)random.Next() | 0xFF000000));
            }
        }

        return Encode(bitmap, format);
    }

    public static byte[] Transparent(int width, int height) =>
        Draw(width, height, SKEncodedImageFormat.Png, (canvas, _, _) => canvas.Clear(SKColors.Transparent));

    public static SKBitmap Decode(byte[] data) =>
        SKBitmap.Decode(data) ?? throw new InvalidOperationException("The test image does not decode.");

    public static SKEncodedImageFormat EncodedFormat(byte[] data)
    {
        using var codec = SKCodec.Create(new SKMemoryStream(data)) ?? throw new InvalidOperationException("Not an image.");
        return codec.EncodedFormat;
    }

    /// <summary>
    /// Inserts an EXIF APP1 segment holding only the orientation tag right after the JPEG's SOI marker
    /// (6 = stored rotated: turn 90° clockwise to view).
    /// </summary>
    public static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        byte[] app1 =
        [
            0xFF, 0xE1, 0x00, 0x22,                         // APP1, length 34 (counts itself, not the marker)
            .. "Exif\0\0"u8,
            .. "MM"u8, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,  // big-endian TIFF header, first IFD at offset 8
            0x00, 0x01,                                     // one entry
            0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, // Orientation, SHORT, count 1
            (byte)(orientation >> 8), (byte)orientation, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00,                         // no next IFD
        ];
        return [.. jpeg.AsSpan(0, 2), .. app1, .. jpeg.AsSpan(2)];
    }

    /// <summary>A PNG whose header declares <paramref name="width"/>×<paramref name="height"/> but that holds almost no data.</summary>
    public static byte[] PngDeclaring(uint width, uint height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;    // bit depth
        ihdr[9] = 6;    // RGBA
        byte[] idat = [0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01];    // zlib of one zero byte
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Chunk("IHDR", ihdr), .. Chunk("IDAT", idat), .. Chunk("IEND", [])];
    }

    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Draw(int width, int height, SKEncodedImageFormat format, Action<SKCanvas, float, float> draw)
    {
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using (var canvas = new SKCanvas(bitmap))
        {
            draw(canvas, width, height);
        }

        return Encode(bitmap, format);
    }

    private static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 95) ?? throw new InvalidOperationException($"SkiaSharp cannot encode {format}.");
        return data.ToArray();
    }

    private static byte[] Chunk(string type, byte[] data)
    {
        byte[] typeAndData = [.. Encoding.ASCII.GetBytes(type), .. data];
        var chunk = new byte[4 + typeAndData.Length + 4];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        typeAndData.CopyTo(chunk, 4);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(4 + typeAndData.Length), Crc32(typeAndData));
        return chunk;
    }

    // PNG's CRC-32 (ISO 3309), bit by bit: a few hundred bytes need no table.
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    /// <summary>A valid PNG padded after its end marker to exactly <paramref name="size"/> bytes (decoders ignore the tail).</summary>
    public static byte[] PngOfExactSize(int size)
    {
        var png = Solid(64, 48, SKColors.SteelBlue);
        var padded = new byte[size];
        png.CopyTo(padded, 0);
        return padded;
    }
}
