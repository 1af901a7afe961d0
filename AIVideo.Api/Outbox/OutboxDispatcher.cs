using System.ComponentModel.DataAnnotations;
using AIVideo.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace AIVideo.Api.Outbox;

/// <summary>
/// Sends committed outbox rows to their queues: woken by <see cref="OutboxSignal"/> as soon as a
/// request commits one, so no request waits for the queue, and every
/// <see cref="OutboxOptions.PollInterval"/> for rows no wake-up announced (another process died
/// after its commit, the queue was unreachable). Each dispatcher claims the rows it sends for a
/// lease, so Api replicas never send each other's rows, and the rows of a dispatcher that died or
/// failed to send are sent by another once its lease has run out.
/// </summary>
public sealed partial class OutboxDispatcher(
    IServiceScopeFactory scopes,
    OutboxSender sender,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A full batch may have left more behind: look again at once.
                while (await DispatchPendingAsync(stoppingToken) == options.Value.BatchSize)
                {
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The claims run out and the rows are tried again; nothing is marked that was not sent.
                LogDispatchFailed(logger, exception);
            }

            await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
        }
    }

    /// <summary>Claims and sends pending rows, a batch at most; returns how many were sent.</summary>
    public async Task<int> DispatchPendingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AIVideoDbContext>();
        var settings = options.Value;

        // Looked at after every commit and every few seconds: a trace for each look would bury the
        // traces that matter. Sending what it finds is traced as usual.
        // SKIP LOCKED: a row another dispatcher is claiming right now is not waited for, and a row it
        // has just claimed no longer matches. The lease runs on the database's clock, one for all replicas.
        List<OutboxRow> pending;
        using (SuppressInstrumentationScope.Begin())
        {
            pending = await db.Database.SqlQuery<OutboxRow>($"""
                WITH claimable AS MATERIALIZED (
                    SELECT id FROM outbox_messages
                    WHERE dispatched_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
                    ORDER BY created_at
                    LIMIT {settings.BatchSize}
                    FOR UPDATE SKIP LOCKED)
                UPDATE outbox_messages SET claimed_until = now() + {settings.ClaimLease}
                FROM claimable WHERE outbox_messages.id = claimable.id
                RETURNING outbox_messages.id, outbox_messages.queue, outbox_messages.payload::text AS payload, outbox_messages.created_at
                """).ToListAsync(cancellationToken);
        }

        if (pending.Count > 0)
        {
            await sender.SendAsync(db, pending, cancellationToken);
        }

        return pending.Count;
    }

    [LoggerMessage(LogLevel.Error, "Outbox dispatch failed")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception);
}

/// <summary>Section <c>Outbox</c>.</summary>
public sealed class OutboxOptions
{
    public const string SectionName = "Outbox";

    /// <summary>How often rows that no wake-up announced are looked for.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// How long a dispatcher holds the rows it claimed: longer than sending a batch takes. Rows it
    /// could not send (it died, the queue failed) go to whichever dispatcher looks after that.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromSeconds(30);
}
