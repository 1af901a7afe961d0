namespace AIVideo.Core.Data.Entities;

/// <summary>
/// A Stripe event already handled. Inserted in the transaction that applies the event, so the
/// primary key lets exactly one of any number of deliveries (retries, concurrent duplicates) act.
/// </summary>
public sealed class StripeEventRecord
{
    /// <summary>Stripe's event id (<c>evt_…</c>).</summary>
    public required string Id { get; set; }

    public required string Type { get; set; }

    public DateTime ProcessedAt { get; set; }
}
