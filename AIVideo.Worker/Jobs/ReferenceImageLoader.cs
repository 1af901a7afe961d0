using AIVideo.Core.Media;
using AIVideo.Worker.Media;
using AIVideo.Worker.Providers;
using Azure;
using Azure.Storage.Blobs;

namespace AIVideo.Worker.Jobs;

/// <summary>Loads a video's reference image: an own upload from blob storage, or an external https image fetched safely.</summary>
internal sealed class ReferenceImageLoader(BlobServiceClient blobs, ExternalImageFetcher fetcher)
{
    /// <summary>The image, or the short reason it could not be used.</summary>
    public async Task<(ReferenceImage? Image, string? Error)> LoadAsync(string reference, CancellationToken cancellationToken)
    {
        if (reference.StartsWith(UploadPaths.Prefix, StringComparison.Ordinal))
        {
            try
            {
                var content = await blobs.GetBlobContainerClient(MediaContainers.Uploads)
                    .GetBlobClient(reference[UploadPaths.Prefix.Length..])
                    .DownloadContentAsync(cancellationToken);
                var bytes = content.Value.Content.ToMemory();
                return ImageFormats.Detect(bytes.Span) is { } format
                    ? (new ReferenceImage(bytes, format.ContentType), null)
                    : (null, ProviderReasons.ReferenceImageUnreadable);
            }
            catch (RequestFailedException exception) when (exception.Status == StatusCodes.Status404NotFound)
            {
                return (null, "The reference image no longer exists.");
            }
        }

        var fetched = await fetcher.FetchAsync(new Uri(reference), cancellationToken);
        return fetched.Succeeded
            ? (new ReferenceImage(fetched.Data!, fetched.Format!.ContentType), null)
            : (null, fetched.Error);
    }
}
