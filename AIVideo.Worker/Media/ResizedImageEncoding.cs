namespace AIVideo.Worker.Media;

/// <summary>What <see cref="ImageResizer.CoverResize"/> writes.</summary>
public enum ResizedImageEncoding
{
    Jpeg,
    Png,
}
