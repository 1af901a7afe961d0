using AIVideo.Core.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AIVideo.Core.Hosting;

/// <summary>
/// Can the service reach its database? The registration's timeout bounds the answer: without it,
/// the connection-retry strategy would keep a probe waiting for a minute while the database is down.
/// </summary>
internal sealed class DatabaseHealthCheck(AIVideoDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : new HealthCheckResult(context.Registration.FailureStatus, "The database does not answer.");
}
