using Azure;
using Azure.Storage.Queues;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AIVideo.Core.Hosting;

internal sealed class QueueStorageHealthCheck(QueueServiceClient queues) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await foreach (var _ in queues.GetQueuesAsync(cancellationToken: cancellationToken).AsPages(pageSizeHint: 1))
            {
                break;
            }

            return HealthCheckResult.Healthy();
        }
        catch (RequestFailedException exception)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Queue storage does not answer.", exception);
        }
    }
}
