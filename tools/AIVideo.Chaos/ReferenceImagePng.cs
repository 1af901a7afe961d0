namespace AIVideo.Chaos;

internal static class ReferenceImagePng
{
    /// <summary>A 64×36 solid blue PNG (ffmpeg's <c>color</c> source): any real image does as the reference <c>runway-gen3</c> needs.</summary>
    public static readonly byte[] Bytes = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAEAAAAAkCAIAAAC2bqvFAAAACXBIWXMAAAABAAAAAQBPJcTWAAAAU0lEQVR4nO3PUQkAIBTAwJfHcNaxriH8OITBAtxm7fN1wwUNaEEDWtCAFjSgBQ1oQQNa0IAWNKAFDWhBA1rQgBY0oAUNaEEDWtCAFjSgBQ1owWMX/LKnl9jY0vgAAAAASUVORK5CYII=");
}
