using Azure;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AIVideo.Core.Hosting;

internal sealed class BlobStorageHealthCheck(BlobServiceClient blobs) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // Listing one container works with data-plane roles only (no account-level permission needed).
            await foreach (var _ in blobs.GetBlobContainersAsync(cancellationToken: cancellationToken).AsPages(pageSizeHint: 1))
            {
                break;
            }

            return HealthCheckResult.Healthy();
        }
        catch (RequestFailedException exception)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Blob storage does not answer.", exception);
        }
    }
}
