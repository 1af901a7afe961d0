using System.ComponentModel.DataAnnotations;
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
/// queue was unreachable). Rows younger than the grace period are left to their request. Each
/// dispatcher claims the rows it sends for a lease, so Api replicas never send each other's rows,
/// and the rows of a dispatcher that died are sent by another once its lease has run out.
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

    /// <summary>Claims and sends the pending rows older than the grace period; returns how many were sent.</summary>
    public async Task<int> DispatchPendingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AIVideoDbContext>();
        var settings = options.Value;
        var cutoff = time.GetUtcNow().UtcDateTime - settings.GracePeriod;

        // Polled every few seconds, almost always for nothing: a trace for each look would bury the
        // traces that matter. Sending what it finds is traced as usual.
        // SKIP LOCKED: a row another dispatcher is claiming right now is not waited for, and a row it
        // has just claimed no longer matches. The lease runs on the database's clock, one for all replicas.
        List<PendingMessage> pending;
        using (SuppressInstrumentationScope.Begin())
        {
            pending = await db.Database.SqlQuery<PendingMessage>($"""
                WITH claimable AS MATERIALIZED (
                    SELECT id FROM outbox_messages
                    WHERE dispatched_at IS NULL AND created_at < {cutoff} AND (claimed_until IS NULL OR claimed_until < now())
                    ORDER BY created_at
                    LIMIT {settings.BatchSize}
                    FOR UPDATE SKIP LOCKED)
                UPDATE outbox_messages SET claimed_until = now() + {settings.ClaimLease}
                FROM claimable WHERE outbox_messages.id = claimable.id
                RETURNING outbox_messages.id, outbox_messages.queue, outbox_messages.payload::text AS payload, outbox_messages.created_at
                """).ToListAsync(cancellationToken);
        }

        foreach (var message in pending.OrderBy(m => m.CreatedAt))
        {
            await sender.SendAsync(db, message.Id, message.Queue, message.Payload, cancellationToken);
        }

        if (pending.Count > 0)
        {
            LogDispatched(logger, pending.Count);
        }

        return pending.Count;
    }

    private sealed record PendingMessage(long Id, string Queue, string Payload, DateTime CreatedAt);

    [LoggerMessage(LogLevel.Warning, "Dispatched {Count} outbox message(s) that were not sent after commit")]
    private static partial void LogDispatched(ILogger logger, int count);

    [LoggerMessage(LogLevel.Error, "Outbox dispatch failed")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception);
}

/// <summary>Section <c>Outbox</c>.</summary>
public sealed class OutboxOptions
{
    public const string SectionName = "Outbox";

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a row may wait for its own request to send it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// How long a dispatcher holds the rows it claimed: longer than sending a batch takes. Rows it
    /// could not send (it died, the queue failed) go to whichever dispatcher looks after that.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromSeconds(30);
}
