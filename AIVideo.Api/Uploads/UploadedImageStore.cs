using System.Security.Cryptography;
using AIVideo.Core.Data;
using AIVideo.Core.Data.Entities;
using AIVideo.Core.Media;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AIVideo.Api.Uploads;

/// <summary>
/// Stores a checked image in the <c>uploads</c> container and records it in <c>uploaded_images</c>, within the
/// user's storage quota (<see cref="UploadOptions.QuotaBytes"/>).
/// </summary>
public sealed class UploadedImageStore(BlobServiceClient blobs, AIVideoDbContext db, TimeProvider time, IOptions<UploadOptions> options)
{
    /// <summary>The stored image, or null when it would take the user past the quota (nothing is then stored).</summary>
    public async Task<UploadedImage?> SaveAsync(long userId, ReadOnlyMemory<byte> content, ImageInfo image, string originalName, CancellationToken cancellationToken)
    {
        var quota = options.Value.QuotaBytes;
        // A cheap look first, so a user at the quota costs no blob write.
        if (await UsedBytesAsync(userId, cancellationToken) + content.Length > quota)
        {
            return null;
        }

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
        var recorded = false;
        try
        {
            recorded = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                // The user's row lock makes concurrent uploads of one user take turns, so each one
                // counts what the others recorded: parallel requests cannot overshoot the quota together.
                await db.Database.ExecuteSqlAsync($"SELECT 1 FROM users WHERE id = {userId} FOR UPDATE", cancellationToken);
                if (await UsedBytesAsync(userId, cancellationToken) + record.Size > quota)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    return false;
                }

                db.UploadedImages.Add(record);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return true;
            });
            return recorded ? record : null;
        }
        finally
        {
            // No row, no blob: an unrecorded upload would never be served nor cleaned up.
            if (!recorded)
            {
                await blob.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            }
        }
    }

    private Task<long> UsedBytesAsync(long userId, CancellationToken cancellationToken) =>
        db.UploadedImages.Where(i => i.UserId == userId).SumAsync(i => i.Size, cancellationToken);
}
