using System.Collections.Concurrent;
using AIVideo.Core.Data;
using Azure.Storage.Queues;
using Microsoft.EntityFrameworkCore;

namespace AIVideo.Core.Outbox;

/// <summary>Sends committed outbox rows to their queues and marks them dispatched.</summary>
public sealed class OutboxSender(QueueServiceClient queues, TimeProvider time)
{
    // Sends in flight at once: a batch goes out in a few round trips, and a queue that refuses
    // stops the batch after a few attempts rather than hundreds.
    private const int ParallelSends = 16;

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
