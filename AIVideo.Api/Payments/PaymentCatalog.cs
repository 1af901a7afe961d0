using Microsoft.Extensions.Options;

namespace AIVideo.Api.Payments;

/// <summary>The configured products as the wire shows them, and the lookup of a client's <c>product_type</c>.</summary>
public sealed class PaymentCatalog(IOptions<PaymentsOptions> payments, IOptions<StripeOptions> stripe)
{
    public PaymentProductOptions CreditsPack => payments.Value.CreditsPack;

    /// <summary>A plan's or the pack's options; null for an unknown product type.</summary>
    public PaymentProductOptions? Find(string productType) =>
        productType == PaymentsOptions.CreditsPackId ? CreditsPack : payments.Value.Plans.GetValueOrDefault(productType);

    public bool IsPlan(string productType) => productType != PaymentsOptions.CreditsPackId && payments.Value.Plans.ContainsKey(productType);

    public PricingResponse ToResponse() => new(
        stripe.Value.Environment,
        [.. payments.Value.Plans
            .OrderBy(p => p.Value.Price).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new PlanResponse(p.Key, p.Value.Name, p.Value.Price, p.Value.Currency, p.Value.Interval, p.Value.Credits, p.Value.Features,
                NullIfEmpty(p.Value.StripePriceId), IsAvailable(p.Value)))],
        new CreditsPackResponse(CreditsPack.Name, CreditsPack.Price, CreditsPack.Currency, CreditsPack.Credits, NullIfEmpty(CreditsPack.StripePriceId), IsAvailable(CreditsPack)));

    /// <summary>Sellable: it has a Stripe price and grants something.</summary>
    public static bool IsAvailable(PaymentProductOptions product) => !string.IsNullOrWhiteSpace(product.StripePriceId) && product.Credits > 0;

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
