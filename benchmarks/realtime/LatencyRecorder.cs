namespace RealtimeBench;

internal sealed class LatencyRecorder
{
    private readonly List<TimeSpan> _samples = [];

    public int Count
    {
        get
        {
            lock (_samples)
            {
                return _samples.Count;
            }
        }
    }

    public void Add(TimeSpan latency)
    {
        lock (_samples)
        {
            _samples.Add(latency);
        }
    }

    public void Clear()
    {
        lock (_samples)
        {
            _samples.Clear();
        }
    }

    public TimeSpan Percentile(double percentile)
    {
        lock (_samples)
        {
            var sorted = _samples.Order().ToArray();
            return sorted.Length == 0 ? TimeSpan.Zero : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1)];
        }
    }
}
