using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Answers a full health check (<c>/health</c>, which is anonymous and queries the database and storage) from
/// the last report for a short while, and lets concurrent callers share one run: a flood of probes costs at
/// most one round of checks per <c>Health:CacheDuration</c> per process. Filtered checks (<c>/alive</c>) run as they are.
/// </summary>
internal sealed class CachedHealthCheckService(HealthCheckService inner, TimeProvider time, TimeSpan lifetime) : HealthCheckService
{
    private readonly Lock _gate = new();
    private Task<HealthReport>? _current;
    private long _startedAt;

    public override Task<HealthReport> CheckHealthAsync(Func<HealthCheckRegistration, bool>? predicate, CancellationToken cancellationToken = default)
    {
        if (predicate is not null || lifetime <= TimeSpan.Zero)
        {
            return inner.CheckHealthAsync(predicate, cancellationToken);
        }

        lock (_gate)
        {
            // A run that failed outright (not a report of unhealthy, an exception) is not kept.
            if (_current is null || _current.IsFaulted || _current.IsCanceled || time.GetElapsedTime(_startedAt) >= lifetime)
            {
                _startedAt = time.GetTimestamp();
                // Not the first caller's token: the run is shared, and one caller leaving must not cancel it for the rest.
                _current = inner.CheckHealthAsync(null, CancellationToken.None);
            }

            return _current.WaitAsync(cancellationToken);
        }
    }
}
