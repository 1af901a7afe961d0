namespace AIVideo.Core.Data.Entities;

/// <summary>
/// A queue message written in the same transaction as the change that caused it, so that a crash
/// between commit and send delays the message instead of losing it.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    public required string Queue { get; set; }

    public required string Payload { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? DispatchedAt { get; set; }

    /// <summary>Until when an outbox dispatcher holds the row to send it; another may take it after that.</summary>
    public DateTime? ClaimedUntil { get; set; }
}
