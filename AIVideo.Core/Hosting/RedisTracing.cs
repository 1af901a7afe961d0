using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using StackExchange.Redis.Profiling;

namespace AIVideo.Core.Hosting;

/// <summary>
/// Traces Redis commands, standing in for OpenTelemetry's StackExchange.Redis instrumentation
/// (not in this project's feed) the same way it works: the client profiles every command issued
/// under a recorded activity, and the profiled commands are turned into child spans with their
/// real start times and durations shortly afterwards.
/// </summary>
public sealed class RedisTracing : BackgroundService
{
    public const string ActivitySourceName = "AIVideo.Redis";

    private static readonly ActivitySource s_source = new(ActivitySourceName);
    private static readonly TimeSpan s_drainInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<Activity, ProfilingSession> _sessions = new();

    public RedisTracing(IConnectionMultiplexer redis) => redis.RegisterProfiler(CurrentSession);

    /// <summary>Turns the commands profiled so far into spans; called every second and on shutdown.</summary>
    public void Drain()
    {
        foreach (var (parent, session) in _sessions)
        {
            if (parent.IsStopped)
            {
                _sessions.TryRemove(parent, out _);
            }

            foreach (var command in session.FinishProfiling())
            {
                Emit(parent, command);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(s_drainInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Drain();
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down: the last drain below still exports what was profiled.
        }

        Drain();
    }

    private ProfilingSession? CurrentSession() =>
        Activity.Current is { Recorded: true } activity && s_source.HasListeners()
            ? _sessions.GetOrAdd(activity, static a => new ProfilingSession(a))
            : null;

    private static void Emit(Activity parent, IProfiledCommand command)
    {
        // The client stamps commands with UTC times.
        var started = DateTime.SpecifyKind(command.CommandCreated, DateTimeKind.Utc);
        using var span = s_source.StartActivity($"redis {command.Command}", ActivityKind.Client, parent.Context, startTime: started);
        if (span is null)
        {
            return;
        }

        span.SetTag("db.system.name", "redis");
        span.SetTag("db.operation.name", command.Command);
        span.SetTag("db.namespace", command.Db.ToString(System.Globalization.CultureInfo.InvariantCulture));
        span.SetTag("server.address", command.EndPoint.ToString());
        span.SetEndTime(started + command.ElapsedTime);
    }
}
