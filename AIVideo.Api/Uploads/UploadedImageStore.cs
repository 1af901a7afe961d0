using System.Security.Cryptography;
using AIVideo.Core.Data;
using AIVideo.Core.Data.Entities;
using AIVideo.Core.Media;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace AIVideo.Api.Uploads;

/// <summary>Stores a checked image in the <c>uploads</c> container and records it in <c>uploaded_images</c>.</summary>
public sealed class UploadedImageStore(BlobServiceClient blobs, AIVideoDbContext db, TimeProvider time)
{
    public async Task<UploadedImage> SaveAsync(long userId, ReadOnlyMemory<byte> content, ImageInfo image, string originalName, CancellationToken cancellationToken)
    {
        // Names come from the server only: nothing the client sends ends up in a path.
        var blobName = $"user_{userId}/{Guid.NewGuid()}.{image.Format.Extension}";
        var blob = blobs.GetBlobContainerClient(MediaContainers.Uploads).GetBlobClient(blobName);
        await blob.UploadAsync(new BinaryData(content), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = image.Format.ContentType },
        }, cancellationToken);

        var record = new UploadedImage
        {
            UserId = userId,
            BlobName = blobName,
            FilePath = UploadPaths.FilePath(blobName),
            OriginalName = originalName,
            ContentType = image.Format.ContentType,
            Size = content.Length,
            Width = image.Width,
            Height = image.Height,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(content.Span)),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        try
        {
            db.UploadedImages.Add(record);
            await db.SaveChangesAsync(cancellationToken);
            return record;
        }
        catch
        {
            // No row, no blob: an unrecorded upload would never be served nor cleaned up.
            await blob.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            throw;
        }
    }
}
