namespace AIVideo.Core.Data.Entities;

/// <summary>A user's Stripe subscription to a plan: each paid invoice grants the plan's credits while it is active.</summary>
public sealed class PlanSubscription
{
    public long Id { get; set; }

    public long UserId { get; set; }

    /// <summary>The subscription (<c>sub_…</c>).</summary>
    public required string StripeSubscriptionId { get; set; }

    public required string PlanId { get; set; }

    /// <summary>Fixed when the subscription starts, so a catalog change never alters what a subscriber paid for.</summary>
    public decimal CreditsPerPeriod { get; set; }

    public SubscriptionStatus Status { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? CanceledAt { get; set; }
}
