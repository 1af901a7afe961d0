namespace AIVideo.Core.Media;

/// <summary>What a full decode found: the real type and the upright size in pixels (EXIF orientation applied).</summary>
public sealed record ImageInfo(ImageFormat Format, int Width, int Height);
