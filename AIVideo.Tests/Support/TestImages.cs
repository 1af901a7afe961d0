using SkiaSharp;

namespace AIVideo.Tests.Support;

/// <summary>Real images, made on the spot.</summary>
internal static class TestImages
{
    public static byte[] Create(SKEncodedImageFormat format, int width = 64, int height = 48)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.SteelBlue);
            using var paint = new SKPaint { Color = SKColors.Orange };
            canvas.DrawRect(width / 4f, height / 4f, width / 2f, height / 2f, paint);
        }

        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>A valid PNG padded after its end marker to exactly <paramref name="size"/> bytes (decoders ignore the tail).</summary>
    public static byte[] PngOfExactSize(int size)
    {
        var png = Create(SKEncodedImageFormat.Png);
        var padded = new byte[size];
        png.CopyTo(padded, 0);
        return padded;
    }
}
