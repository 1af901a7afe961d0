using System.Text.Json.Nodes;

namespace AIVideo.Emulator.Stripe;

/// <summary>The emulated objects as Stripe's API writes them (the fields Stripe.net and the Api read).</summary>
internal static class StripeObjects
{
    public static JsonObject Session(EmulatedSession s) => new()
    {
        ["id"] = s.Id,
        ["object"] = "checkout.session",
        ["mode"] = s.Mode,
        ["status"] = s.Status,
        ["payment_status"] = s.PaymentStatus,
        ["amount_subtotal"] = s.AmountTotal,
        ["amount_total"] = s.AmountTotal,
        ["currency"] = s.Currency,
        ["url"] = s.Status == "open" ? s.Url.ToString() : null,
        ["success_url"] = s.SuccessUrl,
        ["cancel_url"] = s.CancelUrl,
        ["client_reference_id"] = s.ClientReferenceId,
        ["customer_email"] = s.CustomerEmail,
        ["customer"] = s.CustomerId,
        ["payment_intent"] = s.PaymentIntentId,
        ["subscription"] = s.SubscriptionId,
        ["metadata"] = Metadata(s.Metadata),
        ["created"] = s.Created,
        ["expires_at"] = s.Created + 24 * 3600,
        ["livemode"] = false,
    };

    public static JsonObject Subscription(EmulatedSubscription s) => new()
    {
        ["id"] = s.Id,
        ["object"] = "subscription",
        ["status"] = s.Status,
        ["customer"] = s.CustomerId,
        ["currency"] = s.Currency,
        ["metadata"] = Metadata(s.Metadata),
        ["canceled_at"] = s.CanceledAt,
        ["ended_at"] = s.CanceledAt,
        ["livemode"] = false,
    };

    /// <summary>A paid invoice of one period; API versions since 2025-03-31 name the subscription under <c>parent</c>.</summary>
    public static JsonObject PaidInvoice(EmulatedSubscription s, string billingReason, long now) => new()
    {
        ["id"] = StripeStore.NewId("in"),
        ["object"] = "invoice",
        ["status"] = "paid",
        ["billing_reason"] = billingReason,
        ["customer"] = s.CustomerId,
        ["currency"] = s.Currency,
        ["amount_due"] = s.Amount,
        ["amount_paid"] = s.Amount,
        ["amount_remaining"] = 0,
        ["total"] = s.Amount,
        ["subtotal"] = s.Amount,
        ["period_start"] = now,
        ["period_end"] = now,
        ["created"] = now,
        ["parent"] = new JsonObject
        {
            ["type"] = "subscription_details",
            ["subscription_details"] = new JsonObject
            {
                ["subscription"] = s.Id,
                ["metadata"] = Metadata(s.Metadata),
            },
        },
        ["livemode"] = false,
    };

    public static JsonObject Charge(EmulatedCharge c) => new()
    {
        ["id"] = c.Id,
        ["object"] = "charge",
        ["amount"] = c.Amount,
        ["amount_captured"] = c.Amount,
        ["amount_refunded"] = c.Refunded ? c.Amount : 0,
        ["refunded"] = c.Refunded,
        ["captured"] = true,
        ["paid"] = true,
        ["status"] = "succeeded",
        ["currency"] = c.Currency,
        ["payment_intent"] = c.PaymentIntentId,
        ["metadata"] = Metadata(c.Metadata),
        ["livemode"] = false,
    };

    public static JsonObject Refund(EmulatedCharge c) => new()
    {
        ["id"] = StripeStore.NewId("re"),
        ["object"] = "refund",
        ["amount"] = c.Amount,
        ["charge"] = c.Id,
        ["payment_intent"] = c.PaymentIntentId,
        ["currency"] = c.Currency,
        ["status"] = "succeeded",
    };

    public static JsonObject Error(string type, string message, string? code = null, string? param = null) => new()
    {
        ["error"] = new JsonObject { ["type"] = type, ["message"] = message, ["code"] = code, ["param"] = param },
    };

    private static JsonObject Metadata(Dictionary<string, string> metadata) => new([.. metadata.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))]);
}
