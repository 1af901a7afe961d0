using System.Diagnostics;

namespace AIVideo.Chaos;

/// <summary>The run's time line: moments count from the first submission, and every report carries one.</summary>
internal sealed class RunClock
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public TimeSpan Elapsed => _watch.Elapsed;

    public void Restart() => _watch.Restart();

    public async Task DelayUntilAsync(TimeSpan moment, CancellationToken cancellationToken)
    {
        var wait = moment - _watch.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken);
        }
    }

    public void Say(string line) => Console.WriteLine($"[{_watch.Elapsed.TotalSeconds,6:0.0} s | {DateTime.UtcNow:HH:mm:ss} UTC] {line}");
}
