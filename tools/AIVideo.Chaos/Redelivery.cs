using Azure.Storage.Queues;
using Npgsql;

namespace AIVideo.Chaos;

/// <summary>
/// Duplicates that at-least-once delivery allows, made on purpose: copies of messages waiting in
/// <c>video-jobs</c> (a queue that delivers twice), and outbox rows marked unsent again (an Api that died
/// between sending a row and marking it), which the Api's dispatcher then sends a second time.
/// </summary>
internal sealed class Redelivery(QueueClient jobs, string database)
{
    public int QueueCopies { get; private set; }

    public int OutboxRows { get; private set; }

    /// <summary>Copies each visible message (up to the 32 a peek shows) with probability one half.</summary>
    public async Task<int> CopyQueueMessagesAsync(Random random, CancellationToken cancellationToken)
    {
        var copied = 0;
        foreach (var message in (await jobs.PeekMessagesAsync(32, cancellationToken)).Value)
        {
            if (random.Next(2) == 0)
            {
                await jobs.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
                copied++;
            }
        }

        QueueCopies += copied;
        return copied;
    }

    /// <summary>Marks a quarter of the sent outbox rows (at most ten) unsent, so they go out again.</summary>
    public async Task<int> ResendOutboxRowsAsync(Random random, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(cancellationToken);
        var sent = new List<long>();
        await using (var select = new NpgsqlCommand("SELECT id FROM outbox_messages WHERE dispatched_at IS NOT NULL ORDER BY id", connection))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                sent.Add(reader.GetInt64(0));
            }
        }

        var sample = sent.Where(_ => random.Next(4) == 0).Take(10).ToArray();
        await using var update = new NpgsqlCommand("UPDATE outbox_messages SET dispatched_at = NULL, claimed_until = NULL WHERE id = ANY(@ids)", connection);
        update.Parameters.AddWithValue("ids", sample);
        var reset = await update.ExecuteNonQueryAsync(cancellationToken);
        OutboxRows += reset;
        return reset;
    }
}
