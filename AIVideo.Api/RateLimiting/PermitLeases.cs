using System.Collections.Concurrent;

namespace AIVideo.Api.RateLimiting;

/// <summary>
/// Permits this process took from a Redis counter in advance, so that a busy caller costs one
/// Redis call per batch rather than per request, and a refused caller costs none until its window
/// ends. Permits are reserved in Redis before they are used here, so every replica together still
/// admits at most the limit; the price is that permits one replica holds are not available to
/// another (at most a batch less per replica, see <see cref="BatchSize"/>).
/// </summary>
internal sealed class PermitLeases(TimeProvider time)
{
    private static readonly TimeSpan s_sweepInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Lease> _leases = new(StringComparer.Ordinal);
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    /// <summary>
    /// How many permits to take at once: one for small limits (exact, e.g. 5 generations a minute),
    /// up to 100 for large ones; a twentieth of the limit in between (5 of the default 100).
    /// </summary>
    public static int BatchSize(RateLimitRule rule) => Math.Clamp(rule.PermitLimit / 20, 1, 100);

    /// <summary>The decision this process can make alone, or null when it needs Redis.</summary>
    public RateLimitDecision? TryDecide(string key)
    {
        var now = time.GetUtcNow();
        SweepIfDue(now);
        if (!_leases.TryGetValue(key, out var lease))
        {
            return null;
        }

        lock (lease)
        {
            if (lease.EndsAt <= now)
            {
                return null;
            }

            // Permits already reserved stay usable even after Redis said the window is full.
            if (lease.Remaining > 0)
            {
                lease.Remaining--;
                return new RateLimitDecision(true, lease.EndsAt - now);
            }

            return lease.Exhausted ? new RateLimitDecision(false, lease.EndsAt - now) : null;
        }
    }

    /// <summary>
    /// Records what Redis granted for the current request: <paramref name="granted"/> permits (one
    /// of them used now) until the window ends, or none, which holds until then.
    /// </summary>
    public RateLimitDecision Record(string key, int granted, TimeSpan windowLeft)
    {
        var now = time.GetUtcNow();
        var lease = _leases.GetOrAdd(key, static _ => new Lease());
        lock (lease)
        {
            if (lease.EndsAt <= now)
            {
                lease.Remaining = 0;
            }

            lease.EndsAt = now + windowLeft;
            lease.Exhausted = granted == 0;
            lease.Remaining += Math.Max(0, granted - 1);
        }

        return new RateLimitDecision(granted > 0, windowLeft);
    }

    /// <summary>Forgets finished windows now and then, so callers who went away do not pile up.</summary>
    private void SweepIfDue(DateTimeOffset now)
    {
        lock (_leases)
        {
            if (now < _nextSweep)
            {
                return;
            }

            _nextSweep = now + s_sweepInterval;
        }

        foreach (var (key, lease) in _leases)
        {
            lock (lease)
            {
                if (lease.EndsAt <= now)
                {
                    _leases.TryRemove(new KeyValuePair<string, Lease>(key, lease));
                }
            }
        }
    }

    private sealed class Lease
    {
        public DateTimeOffset EndsAt { get; set; } = DateTimeOffset.MinValue;

        public int Remaining { get; set; }

        /// <summary>Redis had nothing left for this window: refuse here until it ends.</summary>
        public bool Exhausted { get; set; }
    }
}
