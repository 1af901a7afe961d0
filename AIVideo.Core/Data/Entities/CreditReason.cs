namespace AIVideo.Core.Data.Entities;

/// <summary>Why credits changed; stored and serialized in snake_case (<c>signup_grant</c>).</summary>
public enum CreditReason
{
    SignupGrant,
    GenerationCharge,
    GenerationRefund,
    AdminGrant,

    /// <summary>A paid credit pack (Stripe Checkout); the row names the checkout session.</summary>
    Purchase,

    /// <summary>A plan's credits for one paid period; the row names the Stripe invoice.</summary>
    Subscription,

    /// <summary>A refunded pack taken back, down to zero; the row names the refunded purchase's session.</summary>
    PurchaseRefund,
}
