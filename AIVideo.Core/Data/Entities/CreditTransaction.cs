namespace AIVideo.Core.Data.Entities;

/// <summary>One row of the credits ledger: a signed change to a user's balance and why.</summary>
public sealed class CreditTransaction
{
    public long Id { get; set; }

    public long UserId { get; set; }

    public decimal Amount { get; set; }

    public CreditReason Reason { get; set; }

    /// <summary>
    /// The video the change is for. Deliberately not a foreign key: the ledger keeps its history
    /// after the video is deleted.
    /// </summary>
    public long? VideoId { get; set; }

    public int? Attempt { get; set; }

    /// <summary>
    /// The Stripe object a paid change is for (checkout session <c>cs_…</c> or invoice <c>in_…</c>);
    /// unique per reason, so no retry or race can grant or take back one payment twice.
    /// </summary>
    public string? StripeObjectId { get; set; }

    public decimal BalanceAfter { get; set; }

    /// <summary>Free text for a manual change (an admin grant's reason).</summary>
    public string? Note { get; set; }

    public DateTime CreatedAt { get; set; }
}
