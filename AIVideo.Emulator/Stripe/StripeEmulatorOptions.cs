using System.ComponentModel.DataAnnotations;

namespace AIVideo.Emulator.Stripe;

/// <summary>How the emulated Stripe behaves (section <c>Emulator:Stripe</c>).</summary>
public sealed class StripeEmulatorOptions
{
    public const string SectionName = "Emulator:Stripe";

    /// <summary>Where events are posted (the Api's <c>/api/v1/webhooks/stripe</c>) unless the API key has its own endpoint.</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>The endpoint's signing secret (<c>whsec_…</c>), which the Api verifies with.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>How late events come when the payment holds <c>[emulator:delay-webhook]</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan WebhookDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long after the payment a <c>[emulator:refund]</c> refunds it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RefundDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The prices the account sells, by id; a checkout for any other price is refused as Stripe refuses it.</summary>
    public Dictionary<string, EmulatedPrice> Prices { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>A Stripe price: the amount in minor units, and for a recurring one its interval.</summary>
public sealed class EmulatedPrice
{
    public long UnitAmount { get; set; }

    public string Currency { get; set; } = "usd";

    /// <summary><c>month</c> or <c>year</c>; null for a one-time price.</summary>
    public string? Interval { get; set; }
}
