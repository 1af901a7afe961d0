using System.Collections.Concurrent;
using System.Globalization;
using AIVideo.Core.Videos;
using Azure.Storage.Queues;

namespace AIVideo.Chaos;

/// <summary>
/// One fault-injection run: starts everything in a data folder of its own, signs users in, submits the
/// planned generations while the faults happen, waits until every job has ended (or its deadline is long
/// past), judges, and stops everything it started, whatever happened.
/// </summary>
internal sealed class ChaosRun(ChaosSettings settings, HttpClient http)
{
    private static readonly TimeSpan s_drainTimeout = TimeSpan.FromSeconds(60);

    private readonly RunClock _clock = new();

    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        var data = settings.DataDirectory;
        var logs = Path.Combine(data, "logs");
        ChildRegistry.UseFile(Path.Combine(Path.GetDirectoryName(data)!, Path.GetFileName(data) + ".pids"));
        if (Directory.Exists(data))
        {
            // Only a previous run's folder is emptied: a mistyped --data must not wipe anything else.
            if (Directory.EnumerateFileSystemEntries(data).Any() && !Directory.Exists(Path.Combine(data, "logs")))
            {
                throw new InvalidOperationException($"{data} is not empty and not the folder of an earlier chaos run; choose another --data.");
            }

            Directory.Delete(data, recursive: true);
        }

        Directory.CreateDirectory(logs);
        Console.WriteLine($"Chaos run, seed {settings.Seed} (repeat it with --seed {settings.Seed}); data and logs in {data}");

        ChaosPostgres? postgres = null;
        ChaosRedis? redis = null;
        ChaosAzurite? azurite = null;
        ChaosServices? services = null;
        WorkerPool? workers = null;
        try
        {
            _clock.Say("starting PostgreSQL, Redis and Azurite");
            postgres = await ChaosPostgres.CreateAsync(Path.Combine(data, "postgres"), Path.Combine(logs, "postgres.log"), cancellationToken);
            redis = await ChaosRedis.StartAsync(Path.Combine(data, "redis"), Path.Combine(logs, "redis.log"), cancellationToken);
            azurite = await ChaosAzurite.StartAsync(settings.RepositoryRoot, Path.Combine(logs, "azurite.log"), cancellationToken);

            services = new ChaosServices(settings, http, logs, postgres.ConnectionString, redis.ConnectionString, azurite.ConnectionString);
            _clock.Say("starting the Emulator, migrating, starting the Api and the Worker");
            await services.StartEmulatorAsync(cancellationToken);
            await services.MigrateAsync();
            await services.StartApiAsync(cancellationToken);
            workers = new WorkerPool(services);
            await workers.StartAsync(WorkerPool.Main);

            return await InjectAndJudgeAsync(postgres, redis, azurite, services, workers, data, cancellationToken);
        }
        finally
        {
            _clock.Say("stopping everything the run started");
            if (workers is not null)
            {
                await workers.StopAllAsync();
            }

            if (services is not null)
            {
                await services.StopAsync();
            }

            if (azurite is not null)
            {
                await azurite.StopAsync();
            }

            if (redis is not null)
            {
                await redis.StopAsync();
            }

            if (postgres is not null)
            {
                await postgres.StopAsync();
            }

            workers?.Dispose();
            postgres?.DeleteSocketDirectory();
        }
    }

    private async Task<bool> InjectAndJudgeAsync(
        ChaosPostgres postgres, ChaosRedis redis, ChaosAzurite azurite, ChaosServices services, WorkerPool workers, string data, CancellationToken cancellationToken)
    {
        var random = new Random(settings.Seed);
        var users = new Dictionary<string, ChaosUser>(StringComparer.Ordinal);
        for (var i = 1; i <= settings.Users; i++)
        {
            var email = $"chaos-{i}@example.com";
            users[email] = await ChaosUser.SignInAsync(http, services.Api, email, cancellationToken);
        }

        var userList = users.Values.ToList();
        var jobs = JobPlan.Make(random, settings.Jobs, settings.Users, settings.SubmitWindow);
        var faults = FaultPlan.Make(random, settings.FaultsFrom, settings.FaultsUntil);
        Console.WriteLine($"{jobs.Count} generations by {users.Count} users over {settings.SubmitWindow.TotalSeconds:0} s ({Tally(jobs.Select(j => j.Model))}; words: {Tally(jobs.Select(j => j.Word.Length == 0 ? "none" : j.Word))})");
        Console.WriteLine($"Deadline {settings.Deadline.TotalSeconds:0} s, visibility timeout {settings.VisibilityTimeout.TotalSeconds:0} s, slow jobs take {settings.SlowJobDuration.TotalSeconds:0} s. Fault schedule:");
        foreach (var fault in faults)
        {
            Console.WriteLine("  " + fault);
        }

        var queues = new QueueServiceClient(azurite.ConnectionString);
        var jobsQueue = queues.GetQueueClient(new VideoQueueOptions().Jobs);
        var redelivery = new Redelivery(jobsQueue, postgres.ConnectionString);
        var injector = new FaultInjector(faults, settings.Seed, workers, redis, postgres, redelivery, _clock);

        _clock.Restart();
        _clock.Say("submitting and injecting faults");
        var submitted = new ConcurrentDictionary<int, long>();
        var submittedAt = new ConcurrentBag<TimeSpan>();
        using var monitorStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var monitor = MonitorAsync(postgres.ConnectionString, jobs.Count, submitted, monitorStop.Token);
        var readers = ReadAlongAsync(userList, monitorStop.Token);
        var submissions = Task.WhenAll(jobs.Select(async job =>
        {
            await _clock.DelayUntilAsync(job.At, cancellationToken);
            try
            {
                submitted[job.Number] = await userList[job.User].GenerateAsync(job.Prompt(settings.Seed), job.Model, $"chaos-{settings.Seed}-{job.Number}", cancellationToken);
                submittedAt.Add(_clock.Elapsed);
            }
            catch (InvalidOperationException exception)
            {
                _clock.Say($"job {job.Number} was not submitted: {exception.Message}");
            }
        }));
        await Task.WhenAll(submissions, injector.RunAsync(cancellationToken));
        var lastSubmission = submittedAt.DefaultIfEmpty(TimeSpan.Zero).Max();
        _clock.Say($"all faults done; {submitted.Count} of {jobs.Count} jobs submitted, the last at {lastSubmission.TotalSeconds:0.0} s");

        var giveUpAt = lastSubmission + settings.Deadline + settings.LostMargin;
        await Waits.UntilAsync("every video has ended", giveUpAt - _clock.Elapsed + TimeSpan.FromSeconds(1),
            async () => _clock.Elapsed >= giveUpAt || await AllTerminalAsync(postgres.ConnectionString, cancellationToken), cancellationToken);
        _clock.Say("waiting for the jobs queue to drain, so late duplicates get their chance to do harm");
        await DrainAsync(jobsQueue, cancellationToken);
        await monitorStop.CancelAsync();
        await monitor;
        await readers;

        var poisoned = (await queues.GetQueueClient(new VideoQueueOptions().Poison).GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
        var verdict = await Verdict.JudgeAsync(postgres.ConnectionString, http, users, submitted.Values.ToList(), Math.Min(50, settings.Jobs), poisoned, cancellationToken);
        verdict.RequireFault("Worker SIGKILLs, each started again", workers.Kills, 5);
        verdict.RequireFault("time two Workers ran at once", injector.SecondWorkerTime.TotalSeconds, 20, " s");
        verdict.RequireFault("Redis pauses of 10 s", injector.RedisPauses, 1);
        verdict.RequireFault("PostgreSQL restarts", injector.PostgresRestarts, 1);
        verdict.RequireFault("messages redelivered", redelivery.QueueCopies + redelivery.OutboxRows, 1);
        var summary = $"""
            Seed {settings.Seed}: {submitted.Count} generations by {users.Count} users ({Tally(jobs.Select(j => j.Model))}) over {settings.SubmitWindow.TotalSeconds:0} s; deadline {settings.Deadline.TotalSeconds:0} s, visibility timeout {settings.VisibilityTimeout.TotalSeconds:0} s.
            Faults: {workers.Kills} Worker SIGKILLs (each started again), a second Worker for {injector.SecondWorkerTime.TotalSeconds:0} s, Redis paused {injector.RedisPauses} × {FaultPlan.RedisPause.TotalSeconds:0} s, PostgreSQL restarted {injector.PostgresRestarts} × (down {injector.PostgresDowntime.TotalSeconds:0.0} s), {redelivery.QueueCopies + redelivery.OutboxRows} messages redelivered ({redelivery.QueueCopies} queue copies, {redelivery.OutboxRows} outbox rows sent again).

            {verdict.ToMarkdown()}
            Result: {(verdict.Passed ? "PASSED" : "FAILED")}
            """;
        Console.WriteLine();
        Console.WriteLine(summary);
        await File.WriteAllTextAsync(Path.Combine(data, "summary.md"), summary, cancellationToken);
        return verdict.Passed;
    }

    /// <summary>A line every 10 s: how far the run is. PostgreSQL may be down for a moment; then the line is skipped.</summary>
    private async Task MonitorAsync(string database, int planned, ConcurrentDictionary<int, long> submitted, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
                try
                {
                    var videos = await LedgerState.VideosAsync(database, cancellationToken);
                    _clock.Say($"submitted {submitted.Count}/{planned}: {Tally(videos.Select(v => v.Status))}");
                }
                catch (Npgsql.NpgsqlException)
                {
                    _clock.Say("PostgreSQL does not answer");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }

    /// <summary>
    /// Every user's browser polls their balance and videos for the whole run, so the Api keeps
    /// copies of them that every later change, through every fault, must reach (judged at the end).
    /// </summary>
    private static async Task ReadAlongAsync(IReadOnlyList<ChaosUser> users, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
                foreach (var user in users)
                {
                    await user.ReadAsync("/api/v1/auth/me", cancellationToken);
                    await user.ReadAsync("/api/v1/videos?page=1&page_size=20", cancellationToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }

    private static async Task<bool> AllTerminalAsync(string database, CancellationToken cancellationToken)
    {
        try
        {
            return (await LedgerState.VideosAsync(database, cancellationToken)).All(v => v.IsTerminal);
        }
        catch (Npgsql.NpgsqlException)
        {
            return false;
        }
    }

    /// <summary>Until no message waits in the queue, visible or delayed: duplicates of ended jobs are handled (and should change nothing).</summary>
    private static async Task DrainAsync(QueueClient jobs, CancellationToken cancellationToken)
    {
        try
        {
            await Waits.UntilAsync("the jobs queue is empty", s_drainTimeout,
                async () => (await jobs.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount == 0, cancellationToken);
        }
        catch (TimeoutException exception)
        {
            // Not a check of its own: what is left is judged as it stands.
            Console.WriteLine(exception.Message);
        }
    }

    private static string Tally(IEnumerable<string> values) =>
        string.Join(", ", values.GroupBy(v => v, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} {g.Count().ToString(CultureInfo.InvariantCulture)}"));
}
