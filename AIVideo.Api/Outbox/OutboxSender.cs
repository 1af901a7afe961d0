using System.Collections.Concurrent;
using System.Diagnostics;
using AIVideo.Core.Data;
using AIVideo.Core.Videos;
using Azure.Storage.Queues;
using Microsoft.EntityFrameworkCore;
using OpenTelemetry;

namespace AIVideo.Api.Outbox;

/// <summary>
/// Sends committed outbox rows to their queues and marks them dispatched. Each send continues the
/// trace of the request that wrote its row (the message's <c>traceparent</c>), so a job's trace
/// runs from the request through the queue to the Worker although the send happens later.
/// </summary>
public sealed class OutboxSender(QueueServiceClient queues, TimeProvider time)
{
    public const string ActivitySourceName = "AIVideo.Outbox";

    // Sends in flight at once: a batch goes out in a few round trips, and a queue that refuses
    // stops the batch after a few attempts rather than hundreds.
    private const int ParallelSends = 8;

    private static readonly ActivitySource s_activities = new(ActivitySourceName);

    /// <summary>
    /// Sends the rows, several at a time, then marks those that went out. The send comes first: a
    /// crash between send and mark means a row is sent again later (at-least-once; the Worker
    /// ignores duplicates), never that it is lost. The first failure stops the batch and is thrown
    /// once what was sent is marked.
    /// </summary>
    public async Task SendAsync(AIVideoDbContext db, IReadOnlyList<OutboxRow> rows, CancellationToken cancellationToken)
    {
        var sent = new ConcurrentBag<long>();
        try
        {
            await Parallel.ForEachAsync(
                rows,
                new ParallelOptions { MaxDegreeOfParallelism = ParallelSends, CancellationToken = cancellationToken },
                async (row, token) =>
                {
                    var traceparent = VideoJobMessage.Parse(BinaryData.FromString(row.Payload))?.Traceparent;
                    using var activity = s_activities.StartActivity("outbox send", ActivityKind.Producer, traceparent);
                    await queues.GetQueueClient(row.Queue).SendMessageAsync(row.Payload, token);
                    sent.Add(row.Id);
                });
        }
        finally
        {
            if (!sent.IsEmpty)
            {
                var now = time.GetUtcNow().UtcDateTime;
                var ids = sent.ToArray();
                // Bookkeeping of many traces at once, belonging to none of them: not traced.
                using var untraced = SuppressInstrumentationScope.Begin();
                // Not the caller's token: what was sent is marked even if the host is stopping.
                await db.OutboxMessages
                    .Where(m => ids.Contains(m.Id) && m.DispatchedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.DispatchedAt, now), CancellationToken.None);
            }
        }
    }
}

/// <summary>A committed job message waiting in the outbox.</summary>
public sealed record OutboxRow(long Id, string Queue, string Payload, DateTime CreatedAt);
