using System.ComponentModel.DataAnnotations;
using AIVideo.Api.Infrastructure.Validation;

namespace AIVideo.Api.Payments;

public sealed record PricingResponse(string Environment, IReadOnlyList<PlanResponse> Plans, CreditsPackResponse CreditsPack);

public sealed record PlanResponse(
    string Id, string Name, decimal Price, string Currency, string? Interval, decimal Credits, IReadOnlyList<string> Features, string? StripePriceId, bool Available);

public sealed record CreditsPackResponse(string Name, decimal Price, string Currency, decimal Credits, string? StripePriceId, bool Available);

public sealed record CreateCheckoutSessionRequest(string? ProductType, string? SuccessUrl, string? CancelUrl) : IValidatable
{
    public void Validate(ValidationErrors errors, ValidationContext context)
    {
        errors.RequiredString(Location.Body("product_type"), ProductType, 1, 64);
        errors.RequiredString(Location.Body("success_url"), SuccessUrl, 1, 2048);
        errors.RequiredString(Location.Body("cancel_url"), CancelUrl, 1, 2048);
    }
}

public sealed record CheckoutSessionResponse(string SessionId, string Url);

/// <summary><c>status</c> is Stripe's payment status of the session: <c>paid</c>, <c>unpaid</c> or <c>no_payment_required</c>.</summary>
public sealed record SessionStatusResponse(string Status, string SessionId, string? PaymentIntentId, decimal? Amount, string? Currency);

public sealed record PaymentsConfigResponse(string PublishableKey, string Environment);
