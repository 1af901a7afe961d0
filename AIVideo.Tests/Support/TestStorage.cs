using AIVideo.Api.Migrate;
using AIVideo.Core.Videos;
using AIVideo.Tests.Infrastructure;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace AIVideo.Tests.Support;

/// <summary>The containers and queues <c>migrate</c> creates, created once in the run's Azurite.</summary>
internal static class TestStorage
{
    private static readonly SemaphoreSlim s_lock = new(1, 1);
    private static bool s_provisioned;

    public static async Task ProvisionAsync(AzuriteServer azurite)
    {
        await s_lock.WaitAsync();
        try
        {
            if (!s_provisioned)
            {
                await new StorageProvisioner(new BlobServiceClient(azurite.ConnectionString), new QueueServiceClient(azurite.ConnectionString), Options.Create(new VideoQueueOptions())).ProvisionAsync();
                s_provisioned = true;
            }
        }
        finally
        {
            s_lock.Release();
        }
    }
}
