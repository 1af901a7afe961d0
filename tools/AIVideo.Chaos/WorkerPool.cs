namespace AIVideo.Chaos;

/// <summary>
/// The Workers of the run: <c>worker</c> runs throughout, <c>worker-2</c> only while the schedule wants
/// two at once. A killed Worker is started again unless its time is over by then.
/// </summary>
internal sealed class WorkerPool(ChaosServices services) : IDisposable
{
    public const string Main = "worker";
    public const string Second = "worker-2";

    private readonly Dictionary<string, ChildProcess> _running = new(StringComparer.Ordinal);
    private readonly HashSet<string> _wanted = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public int Kills { get; private set; }

    public int Starts { get; private set; }

    public async Task StartAsync(string name)
    {
        await _gate.WaitAsync();
        try
        {
            _wanted.Add(name);
            StartLocked(name);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>SIGKILLs one running Worker picked by <paramref name="random"/>, then starts it again after <paramref name="downtime"/>.</summary>
    public async Task<string?> KillAndRestartAsync(Random random, TimeSpan downtime, CancellationToken cancellationToken)
    {
        string victim;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var running = _running.Keys.Order(StringComparer.Ordinal).ToList();
            if (running.Count == 0)
            {
                return null;
            }

            victim = running[random.Next(running.Count)];
            await _running[victim].KillAsync();
            _running.Remove(victim);
            Kills++;
        }
        finally
        {
            _gate.Release();
        }

        await Task.Delay(downtime, cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_wanted.Contains(victim))
            {
                StartLocked(victim);
            }
        }
        finally
        {
            _gate.Release();
        }

        return victim;
    }

    /// <summary>Stops a Worker for good, the way a platform scales one in (SIGTERM).</summary>
    public async Task StopAsync(string name)
    {
        await _gate.WaitAsync();
        try
        {
            _wanted.Remove(name);
            if (_running.Remove(name, out var worker))
            {
                await worker.StopAsync();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task StopAllAsync()
    {
        foreach (var name in _running.Keys.ToList())
        {
            await StopAsync(name);
        }
    }

    public void Dispose() => _gate.Dispose();

    private void StartLocked(string name)
    {
        if (!_running.ContainsKey(name))
        {
            _running[name] = services.StartWorker(name);
            Starts++;
        }
    }
}
