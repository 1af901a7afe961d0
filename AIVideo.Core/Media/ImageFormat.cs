namespace AIVideo.Core.Media;

/// <summary>
/// One of the image types the product accepts. There are exactly three instances, so they compare by reference.
/// </summary>
public sealed class ImageFormat
{
    public static ImageFormat Jpeg { get; } = new("image/jpeg", "jpg");

    public static ImageFormat Png { get; } = new("image/png", "png");

    public static ImageFormat WebP { get; } = new("image/webp", "webp");

    public static IReadOnlyList<ImageFormat> All { get; } = [Jpeg, Png, WebP];

    private ImageFormat(string contentType, string extension)
    {
        ContentType = contentType;
        Extension = extension;
    }

    /// <summary>The media type to store and serve, e.g. <c>image/jpeg</c>.</summary>
    public string ContentType { get; }

    /// <summary>The file extension to name blobs with, without the dot, e.g. <c>jpg</c>.</summary>
    public string Extension { get; }

    public override string ToString() => ContentType;
}
