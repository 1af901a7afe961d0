namespace AIVideo.Core.Media;

/// <summary>What <see cref="ImageResizer.CoverResize"/> writes.</summary>
public enum ResizedImageEncoding
{
    Jpeg,
    Png,
}
