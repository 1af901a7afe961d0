using AIVideo.Worker.Media;

namespace AIVideo.Worker.Providers;

internal static class ProviderImages
{
    /// <summary>The reference as a JPEG of exactly <paramref name="width"/>×<paramref name="height"/>, or null when it does not decode.</summary>
    public static byte[]? TryCoverResize(ReferenceImage image, int width, int height, int jpegQuality = 90)
    {
        try
        {
            return ImageResizer.CoverResize(image.Content.Span, width, height, ResizedImageEncoding.Jpeg, jpegQuality);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>A provider's progress as a whole percentage 0-100, or null when it gave none.</summary>
    public static int? Percent(double? value) =>
        value is { } v && double.IsFinite(v) ? (int)Math.Clamp(Math.Round(v), 0, 100) : null;
}
