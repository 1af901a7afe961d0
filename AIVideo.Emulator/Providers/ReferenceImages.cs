using SkiaSharp;

namespace AIVideo.Emulator.Providers;

internal sealed record ReferenceImageInfo(SKEncodedImageFormat Format, int Width, int Height);

/// <summary>What an uploaded reference image is, read from its header by SkiaSharp; null when it is not an image.</summary>
internal static class ReferenceImages
{
    public static ReferenceImageInfo? Inspect(byte[] data)
    {
        using var stream = new SKMemoryStream(data);
        using var codec = SKCodec.Create(stream);
        return codec is null ? null : new ReferenceImageInfo(codec.EncodedFormat, codec.Info.Width, codec.Info.Height);
    }

    /// <summary>The formats every provider accepts as a reference image.</summary>
    public static bool IsAccepted(ReferenceImageInfo? info) =>
        info?.Format is SKEncodedImageFormat.Jpeg or SKEncodedImageFormat.Png or SKEncodedImageFormat.Webp;
}
