namespace AIVideo.Chaos;

/// <summary>Carries out a <see cref="FaultPlan"/>: each fault at its moment, on its own, reported as it happens.</summary>
internal sealed class FaultInjector(
    IReadOnlyList<Fault> plan, int seed, WorkerPool workers, ChaosRedis redis, ChaosPostgres postgres, Redelivery redelivery, RunClock clock)
{
    public TimeSpan SecondWorkerTime { get; private set; }

    public TimeSpan PostgresDowntime { get; private set; }

    public int RedisPauses { get; private set; }

    public int PostgresRestarts { get; private set; }

    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(plan.Select((fault, index) => RunAtAsync(fault, new Random(HashCode.Combine(seed, index)), cancellationToken)));

    private async Task RunAtAsync(Fault fault, Random random, CancellationToken cancellationToken)
    {
        await clock.DelayUntilAsync(fault.At, cancellationToken);
        switch (fault.Kind)
        {
            case FaultKind.KillWorker:
                clock.Say("fault: SIGKILL a Worker");
                var killed = await workers.KillAndRestartAsync(random, fault.Duration, cancellationToken);
                clock.Say(killed is null ? "fault: no Worker was running to kill" : $"fault: {killed} started again after SIGKILL");
                break;

            case FaultKind.SecondWorker:
                clock.Say($"fault: a second Worker runs for {fault.Duration.TotalSeconds:0} s");
                await workers.StartAsync(WorkerPool.Second);
                await Task.Delay(fault.Duration, cancellationToken);
                await workers.StopAsync(WorkerPool.Second);
                SecondWorkerTime += fault.Duration;
                clock.Say("fault: the second Worker stopped");
                break;

            case FaultKind.PauseRedis:
                clock.Say($"fault: Redis paused for {fault.Duration.TotalSeconds:0} s");
                await redis.PauseAsync(fault.Duration);
                RedisPauses++;
                break;

            case FaultKind.RestartPostgres:
                clock.Say("fault: PostgreSQL stopping (fast shutdown)");
                var stopped = clock.Elapsed;
                await postgres.StopAsync();
                await Task.Delay(fault.Duration, cancellationToken);
                await postgres.StartAsync(cancellationToken);
                PostgresDowntime += clock.Elapsed - stopped;
                PostgresRestarts++;
                clock.Say($"fault: PostgreSQL accepts queries again after {(clock.Elapsed - stopped).TotalSeconds:0.0} s");
                break;

            case FaultKind.Redeliver:
                await RedeliverAsync(random, cancellationToken);
                break;
        }
    }

    /// <summary>PostgreSQL may be down at that moment: then the outbox half is tried again a few times.</summary>
    private async Task RedeliverAsync(Random random, CancellationToken cancellationToken)
    {
        var copies = await redelivery.CopyQueueMessagesAsync(random, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var rows = await redelivery.ResendOutboxRowsAsync(random, cancellationToken);
                clock.Say($"fault: redelivered {copies} queue message copies and {rows} outbox rows");
                return;
            }
            catch (Npgsql.NpgsqlException) when (attempt < 10)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }
        }
    }
}
