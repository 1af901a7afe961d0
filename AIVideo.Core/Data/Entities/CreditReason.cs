namespace AIVideo.Core.Data.Entities;

/// <summary>Why credits changed; stored and serialized in snake_case (<c>signup_grant</c>).</summary>
public enum CreditReason
{
    SignupGrant,
    GenerationCharge,
    GenerationRefund,
    AdminGrant,
}
