using System.Threading.RateLimiting;

namespace AIVideo.Api.RateLimiting;

/// <summary>
/// One caller's fixed window of one policy, counted by <see cref="RateLimitCounter"/>: in Redis,
/// shared by every replica and taken in batches, or in process while Redis is unreachable. The
/// counts live in the counter, not here, so the framework may drop an idle limiter at any time.
/// A refusal carries <see cref="MetadataName.RetryAfter"/>: when the caller's window frees.
/// </summary>
internal sealed class RedisFixedWindowRateLimiter(string counter, RateLimitRule rule, RateLimitCounter counts, TimeProvider time) : RateLimiter
{
    private static readonly RateLimitLease s_undecided = new Lease(false, null);
    private static readonly RateLimitLease s_acquired = new Lease(true, null);

    private long _lastUsed = time.GetTimestamp();

    public override TimeSpan? IdleDuration => time.GetElapsedTime(Interlocked.Read(ref _lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    // The framework asks synchronously first and, when that is not a grant, waits for
    // AcquireAsync. Only a permit already held is granted here (the busy caller's usual case);
    // everything else is counted in AcquireAsync, so a request is counted once.
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        if (permitCount != 1 || !counts.TryTakeHeldPermit(counter))
        {
            return s_undecided;
        }

        Interlocked.Exchange(ref _lastUsed, time.GetTimestamp());
        return s_acquired;
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(permitCount, 1);
        Interlocked.Exchange(ref _lastUsed, time.GetTimestamp());
        var decision = await counts.HitAsync(counter, rule, cancellationToken);
        return decision.Allowed ? s_acquired : new Lease(false, decision.ResetAfter);
    }

    private sealed class Lease(bool isAcquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => isAcquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
