namespace AIVideo.Core.Data.Entities;

public sealed class UploadedImage
{
    public long Id { get; set; }

    public long UserId { get; set; }

    /// <summary>Name in the <c>uploads</c> container: <c>user_{id}/{uuid}.{ext}</c>.</summary>
    public required string BlobName { get; set; }

    /// <summary>The path the contract returns and serves: <c>/uploads/user_{id}/{uuid}.{ext}</c>.</summary>
    public required string FilePath { get; set; }

    public required string OriginalName { get; set; }

    public required string ContentType { get; set; }

    public long Size { get; set; }

    public int Width { get; set; }

    public int Height { get; set; }

    public required string Sha256 { get; set; }

    public DateTime CreatedAt { get; set; }
}
