using AIVideo.Core.Media;
using AIVideo.Core.Videos;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace AIVideo.Api.Migrate;

/// <summary>
/// Creates the blob containers and queues the services use, if missing. Part of
/// <c>AIVideo.Api migrate</c>, so the services themselves never create infrastructure.
/// </summary>
internal sealed class StorageProvisioner(BlobServiceClient blobs, QueueServiceClient queues, IOptions<VideoQueueOptions> queueNames)
{
    public async Task ProvisionAsync(CancellationToken cancellationToken = default)
    {
        // All private: media are read through the Api or through signed URLs only.
        await Task.WhenAll(MediaContainers.All.Select(name =>
            blobs.GetBlobContainerClient(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
        await Task.WhenAll(new[] { queueNames.Value.Jobs, queueNames.Value.Poison }.Select(name =>
            queues.GetQueueClient(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
    }
}
