using System.Collections.Concurrent;

namespace AIVideo.Api.RateLimiting;

/// <summary>
/// The fallback while Redis is unreachable: the same fixed windows and numbers, counted in this
/// process only. With several replicas the effective limit is then per replica, which is looser
/// than intended but still a limit.
/// </summary>
internal sealed class InProcessRateLimitCounter(TimeProvider time)
{
    private static readonly TimeSpan s_sweepInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    public RateLimitDecision Hit(string key, RateLimitRule rule)
    {
        var now = time.GetUtcNow();
        SweepIfDue(now);

        var window = _windows.GetOrAdd(key, static _ => new Window());
        lock (window)
        {
            if (window.EndsAt <= now)
            {
                window.EndsAt = now + rule.Window;
                window.Count = 0;
            }

            window.Count++;
            return new RateLimitDecision(window.Count <= rule.PermitLimit, window.EndsAt - now);
        }
    }

    /// <summary>Forgets finished windows now and then, so callers who went away do not pile up.</summary>
    private void SweepIfDue(DateTimeOffset now)
    {
        lock (_windows)
        {
            if (now < _nextSweep)
            {
                return;
            }

            _nextSweep = now + s_sweepInterval;
        }

        foreach (var (key, window) in _windows)
        {
            lock (window)
            {
                // A hit racing this removal may count into the dropped window: one lost count at
                // worst, in a fallback, which is acceptable for never holding memory forever.
                if (window.EndsAt <= now)
                {
                    _windows.TryRemove(new KeyValuePair<string, Window>(key, window));
                }
            }
        }
    }

    private sealed class Window
    {
        public DateTimeOffset EndsAt { get; set; } = DateTimeOffset.MinValue;

        public int Count { get; set; }
    }
}
