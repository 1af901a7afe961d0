namespace AIVideo.Core.Data.Entities;

/// <summary>
/// One Stripe Checkout session a user started: a credit pack or a plan. Written as pending before
/// the user is sent to Stripe; only the Stripe webhook moves it on.
/// </summary>
public sealed class Purchase
{
    public long Id { get; set; }

    public long UserId { get; set; }

    /// <summary>The checkout session (<c>cs_…</c>).</summary>
    public required string StripeSessionId { get; set; }

    /// <summary>What was bought: <c>credits</c> or a plan id of the catalog.</summary>
    public required string ProductType { get; set; }

    /// <summary>The credits a pack grants (a plan's come per paid invoice).</summary>
    public decimal Credits { get; set; }

    /// <summary>The price in the currency's minor unit (cents), as Stripe counts it.</summary>
    public long AmountMinor { get; set; }

    public required string Currency { get; set; }

    public PurchaseStatus Status { get; set; }

    /// <summary>Known once paid (packs); a refund names it.</summary>
    public string? StripePaymentIntentId { get; set; }

    /// <summary>Known once paid (plans).</summary>
    public string? StripeSubscriptionId { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
