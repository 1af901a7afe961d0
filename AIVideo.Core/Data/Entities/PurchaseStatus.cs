namespace AIVideo.Core.Data.Entities;

/// <summary>Where a checkout stands; stored in snake_case.</summary>
public enum PurchaseStatus
{
    Pending,
    Paid,
    Refunded,
}
