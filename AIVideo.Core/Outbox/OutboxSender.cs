using AIVideo.Core.Data;
using Azure.Storage.Queues;
using Microsoft.EntityFrameworkCore;

namespace AIVideo.Core.Outbox;

/// <summary>Sends committed outbox rows to their queue and marks them dispatched.</summary>
public sealed class OutboxSender(QueueServiceClient queues, TimeProvider time)
{
    /// <summary>
    /// Sends one row. The send comes first: a crash between send and mark means the row is sent
    /// again later (at-least-once; the Worker ignores duplicates), never that it is lost.
    /// </summary>
    public async Task SendAsync(AIVideoDbContext db, long outboxId, string queue, string payload, CancellationToken cancellationToken)
    {
        await queues.GetQueueClient(queue).SendMessageAsync(payload, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        await db.OutboxMessages
            .Where(m => m.Id == outboxId && m.DispatchedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.DispatchedAt, now), cancellationToken);
    }
}
