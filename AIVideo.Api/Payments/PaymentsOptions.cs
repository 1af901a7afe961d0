namespace AIVideo.Api.Payments;

/// <summary>What can be bought (section <c>Payments</c>): the plans and the one-time credit pack.</summary>
public sealed class PaymentsOptions
{
    public const string SectionName = "Payments";

    /// <summary>The <c>product_type</c> of the credit pack; every other product type is a plan id.</summary>
    public const string CreditsPackId = "credits";

    /// <summary>Off: the routes answer 503 and the Stripe settings are not required.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The plans by id (the <c>product_type</c> a client sends), in configuration order.</summary>
    public Dictionary<string, PaymentProductOptions> Plans { get; set; } = new(StringComparer.Ordinal);

    public PaymentProductOptions CreditsPack { get; set; } = new();
}

/// <summary>One product: what it costs, what it grants, and its Stripe price.</summary>
public sealed class PaymentProductOptions
{
    public string Name { get; set; } = string.Empty;

    /// <summary>In the currency's major unit (9.99); must equal the Stripe price's amount.</summary>
    public decimal Price { get; set; }

    /// <summary>ISO code, lower-case as Stripe writes it.</summary>
    public string Currency { get; set; } = "usd";

    /// <summary>Granted once for the pack; per paid period for a plan.</summary>
    public decimal Credits { get; set; }

    /// <summary><c>month</c> or <c>year</c> for a plan; unused for the pack.</summary>
    public string? Interval { get; set; }

    public string[] Features { get; set; } = [];

    /// <summary>The Stripe price (<c>price_…</c>); without one the product is listed as unavailable.</summary>
    public string? StripePriceId { get; set; }
}
