namespace AIVideo.Chaos;

internal enum FaultKind
{
    KillWorker,
    SecondWorker,
    PauseRedis,
    RestartPostgres,
    Redeliver,
}

/// <summary>One fault: what, when (after the first submission) and for how long, where that applies.</summary>
internal sealed record Fault(FaultKind Kind, TimeSpan At, TimeSpan Duration)
{
    public override string ToString() => Kind switch
    {
        FaultKind.KillWorker => $"{At.TotalSeconds,5:0.0} s  SIGKILL a Worker, start it again {Duration.TotalSeconds:0.0} s later",
        FaultKind.SecondWorker => $"{At.TotalSeconds,5:0.0} s  start a second Worker for {Duration.TotalSeconds:0} s",
        FaultKind.PauseRedis => $"{At.TotalSeconds,5:0.0} s  CLIENT PAUSE {Duration.TotalMilliseconds:0} ALL on Redis",
        FaultKind.RestartPostgres => $"{At.TotalSeconds,5:0.0} s  stop PostgreSQL (fast shutdown), start it {Duration.TotalSeconds:0.0} s later",
        _ => $"{At.TotalSeconds,5:0.0} s  redeliver a random sample of queue messages and outbox rows",
    };
}

internal static class FaultPlan
{
    public static readonly TimeSpan RedisPause = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The faults the run promises to survive, at random moments between <paramref name="from"/> and <paramref name="until"/>:
    /// five to seven Worker kills, each in the first half of its own equal slice of the window, so the
    /// Worker killed before is always running again (kills at least 6.5 s apart, restarts within 4 s);
    /// one stretch of two Workers; one Redis pause; one PostgreSQL restart; three rounds of redelivery.
    /// </summary>
    public static IReadOnlyList<Fault> Make(Random random, TimeSpan from, TimeSpan until)
    {
        var window = until - from;
        TimeSpan Between(double start, double end) => from + window * (start + (end - start) * random.NextDouble());
        TimeSpan Seconds(double min, double max) => TimeSpan.FromSeconds(min + (max - min) * random.NextDouble());

        var faults = new List<Fault>();
        var kills = random.Next(5, 8);
        for (var i = 0; i < kills; i++)
        {
            faults.Add(new Fault(FaultKind.KillWorker, Between((double)i / kills, (i + 0.5) / kills), Seconds(1, 4)));
        }

        faults.Add(new Fault(FaultKind.SecondWorker, Between(0.1, 0.4), Seconds(25, 40)));
        faults.Add(new Fault(FaultKind.PauseRedis, Between(0.1, 0.6), RedisPause));
        faults.Add(new Fault(FaultKind.RestartPostgres, Between(0.3, 0.75), Seconds(3, 8)));
        for (var i = 0; i < 3; i++)
        {
            faults.Add(new Fault(FaultKind.Redeliver, Between(0.05 + (i * 0.3), 0.3 + (i * 0.3)), TimeSpan.Zero));
        }

        return [.. faults.OrderBy(f => f.At)];
    }
}
