namespace AIVideo.AppHost.Infrastructure;

/// <summary>
/// Stripe as the Emulator plays it locally: test-mode keys that only the Emulator accepts, the
/// signing secret both sides share, and the prices the Emulator sells (its appsettings.json).
/// </summary>
internal static class LocalStripe
{
    public const string SecretKey = "sk_test_aivideo_local";
    public const string PublishableKey = "pk_test_aivideo_local";
    public const string WebhookSecret = "whsec_aivideo_local";
    public const string ApiPath = "/stripe";
    public const string WebhookPath = "/api/v1/webhooks/stripe";

    /// <summary>Configuration key of each catalog product's Stripe price → the Emulator's price.</summary>
    public static readonly IReadOnlyDictionary<string, string> PriceIds = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Payments__CreditsPack__StripePriceId"] = "price_emulated_credits_pack",
        ["Payments__Plans__pro_monthly__StripePriceId"] = "price_emulated_pro_monthly",
        ["Payments__Plans__pro_yearly__StripePriceId"] = "price_emulated_pro_yearly",
    };
}
