using System.ComponentModel.DataAnnotations;

namespace AIVideo.Api.Payments;

/// <summary>The Stripe account the Api sells through (section <c>Stripe</c>).</summary>
public sealed class StripeOptions
{
    public const string SectionName = "Stripe";

    /// <summary>Secret API key (<c>sk_live_…</c>, <c>sk_test_…</c>); required outside Development while payments are on.</summary>
    public string SecretKey { get; set; } = string.Empty;

    /// <summary>Handed to the frontend by <c>/payments/config</c>.</summary>
    public string PublishableKey { get; set; } = string.Empty;

    /// <summary>The webhook endpoint's signing secret (<c>whsec_…</c>); required outside Development while payments are on.</summary>
    public string WebhookSecret { get; set; } = string.Empty;

    /// <summary>Where Stripe.net sends its API calls: Stripe's own unless set (the Emulator locally).</summary>
    public Uri? ApiBase { get; set; }

    /// <summary>How old a webhook's signed timestamp may be (Stripe's own default: five minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan WebhookTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary><c>test</c> or <c>live</c>, as the key says: what <c>/payments/pricing</c> and <c>/payments/config</c> report.</summary>
    public string Environment => SecretKey.StartsWith("sk_live_", StringComparison.Ordinal) ? "live" : "test";
}
