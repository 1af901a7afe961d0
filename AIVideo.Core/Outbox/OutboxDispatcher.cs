using AIVideo.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace AIVideo.Core.Outbox;

/// <summary>
/// Sends the outbox rows whose immediate send did not happen (the process died after commit, the
/// queue was unreachable). Rows younger than the grace period are left to their request.
/// </summary>
public sealed partial class OutboxDispatcher(
    IServiceScopeFactory scopes,
    OutboxSender sender,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        do
        {
            try
            {
                await DispatchPendingAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The next tick tries again; nothing is acknowledged that was not sent.
                LogDispatchFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Sends every pending row older than the grace period; returns how many were sent.</summary>
    public async Task<int> DispatchPendingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AIVideoDbContext>();
        var cutoff = time.GetUtcNow().UtcDateTime - options.Value.GracePeriod;

        // Polled every few seconds, almost always for nothing: a trace for each look would bury the
        // traces that matter. Sending what it finds is traced as usual.
        List<PendingMessage> pending;
        using (SuppressInstrumentationScope.Begin())
        {
            pending = await db.OutboxMessages
                .Where(m => m.DispatchedAt == null && m.CreatedAt < cutoff)
                .OrderBy(m => m.CreatedAt)
                .Take(options.Value.BatchSize)
                .Select(m => new PendingMessage(m.Id, m.Queue, m.Payload))
                .ToListAsync(cancellationToken);
        }

        foreach (var message in pending)
        {
            await sender.SendAsync(db, message.Id, message.Queue, message.Payload, cancellationToken);
        }

        if (pending.Count > 0)
        {
            LogDispatched(logger, pending.Count);
        }

        return pending.Count;
    }

    private sealed record PendingMessage(long Id, string Queue, string Payload);

    [LoggerMessage(LogLevel.Warning, "Dispatched {Count} outbox message(s) that were not sent after commit")]
    private static partial void LogDispatched(ILogger logger, int count);

    [LoggerMessage(LogLevel.Error, "Outbox dispatch failed")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception);
}

/// <summary>Section <c>Outbox</c>.</summary>
public sealed class OutboxOptions
{
    public const string SectionName = "Outbox";

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a row may wait for its own request to send it.</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    public int BatchSize { get; set; } = 100;
}
