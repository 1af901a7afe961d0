using AIVideo.Core.Media;
using AIVideo.Core.Videos;
using AIVideo.Worker.Media;
using AIVideo.Worker.Providers;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace AIVideo.Worker.Jobs;

/// <summary>
/// Copies a finished job's video into our storage at once (provider outputs expire within hours),
/// with a JPEG poster from the provider's thumbnail, or from the first frame when there is none.
/// Names are unique to the claim of the step that stores them, so two Workers finishing the same
/// video never write or delete each other's media.
/// </summary>
internal sealed class VideoOutputStore(BlobServiceClient blobs)
{
    public async Task<VideoMedia> SaveAsync(long userId, ClaimedStep step, ProviderOutput output, CancellationToken cancellationToken)
    {
        var name = $"user_{userId}/{step.VideoId}/{step.Attempt}-{step.Claim:N}";
        var workDirectory = Directory.CreateTempSubdirectory("aivideo-output-");
        try
        {
            // On disk first: ffprobe and ffmpeg read files, and the upload then knows its length.
            var videoPath = Path.Combine(workDirectory.FullName, "video.mp4");
            await using (var file = File.Create(videoPath))
            {
                await output.Video.Content.CopyToAsync(file, cancellationToken);
            }

            var videoBlob = $"{name}.mp4";
            await blobs.GetBlobContainerClient(MediaContainers.Videos).GetBlobClient(videoBlob).UploadAsync(videoPath, new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "video/mp4" },
            }, cancellationToken);

            var (duration, resolution) = await MediaTools.ProbeAsync(videoPath, cancellationToken);
            var poster = output.Thumbnail is { } thumbnail
                ? await ToJpegAsync(thumbnail, cancellationToken)
                : await MediaTools.FirstFrameAsync(videoPath, cancellationToken);
            string? posterBlob = null;
            if (poster is not null)
            {
                posterBlob = $"{name}.jpg";
                await blobs.GetBlobContainerClient(MediaContainers.Posters).GetBlobClient(posterBlob).UploadAsync(new BinaryData(poster), new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = "image/jpeg" },
                }, cancellationToken);
            }

            return new VideoMedia(videoBlob, posterBlob, duration, resolution);
        }
        finally
        {
            workDirectory.Delete(recursive: true);
        }
    }

    public async Task DeleteAsync(VideoMedia stored)
    {
        await blobs.GetBlobContainerClient(MediaContainers.Videos).GetBlobClient(stored.VideoBlob).DeleteIfExistsAsync();
        if (stored.PosterBlob is { } poster)
        {
            await blobs.GetBlobContainerClient(MediaContainers.Posters).GetBlobClient(poster).DeleteIfExistsAsync();
        }
    }

    /// <summary>Thumbnails arrive as WebP or JPEG; posters are always JPEG, at the thumbnail's own size.</summary>
    private static async Task<byte[]?> ToJpegAsync(ProviderMedia thumbnail, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await thumbnail.Content.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        return ImageInspector.Inspect(bytes) is { } info
            ? ImageResizer.CoverResize(bytes, info.Width, info.Height, ResizedImageEncoding.Jpeg)
            : null;
    }
}
