namespace AIVideo.Core.Data.Entities;

/// <summary>Whether a subscription still earns credits; stored in snake_case.</summary>
public enum SubscriptionStatus
{
    Active,
    Canceled,
}
