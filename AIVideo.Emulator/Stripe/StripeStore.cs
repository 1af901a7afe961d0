using System.Security.Cryptography;

namespace AIVideo.Emulator.Stripe;

/// <summary>The emulated account's objects, in memory: checkout sessions, subscriptions and charges.</summary>
public sealed class StripeStore(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, EmulatedSession> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EmulatedSubscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EmulatedCharge> _charges = new(StringComparer.Ordinal);

    public long Now => time.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>A Stripe-shaped id: <c>cs_test_…</c>, <c>evt_…</c>.</summary>
    public static string NewId(string prefix) => $"{prefix}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}";

    public EmulatedSession Add(EmulatedSession session)
    {
        lock (_lock)
        {
            _sessions[session.Id] = session;
        }

        return session;
    }

    public EmulatedSession? Session(string id)
    {
        lock (_lock)
        {
            return _sessions.GetValueOrDefault(id);
        }
    }

    /// <summary>Pays an open session: its payment intent and charge, or its subscription. Null when it is not open.</summary>
    public EmulatedSession? Complete(string id)
    {
        lock (_lock)
        {
            if (!_sessions.TryGetValue(id, out var session) || session.Status != "open")
            {
                return null;
            }

            session.Status = "complete";
            session.PaymentStatus = "paid";
            session.CustomerId = NewId("cus");
            if (session.Mode == "subscription")
            {
                var subscription = new EmulatedSubscription(NewId("sub"), session.CustomerId, session.PriceId, session.AmountTotal, session.Currency,
                    session.SubscriptionMetadata, session.ApiKey, session.ApiVersion);
                _subscriptions[subscription.Id] = subscription;
                session.SubscriptionId = subscription.Id;
            }
            else
            {
                session.PaymentIntentId = NewId("pi");
                var charge = new EmulatedCharge(NewId("ch"), session.PaymentIntentId, session.AmountTotal, session.Currency,
                    session.PaymentIntentMetadata, session.ApiKey, session.ApiVersion);
                _charges[charge.Id] = charge;
                session.ChargeId = charge.Id;
            }

            return session;
        }
    }

    public EmulatedSubscription? Subscription(string id)
    {
        lock (_lock)
        {
            return _subscriptions.GetValueOrDefault(id);
        }
    }

    /// <summary>Cancels an active subscription; null when unknown or already canceled.</summary>
    public EmulatedSubscription? Cancel(string id)
    {
        lock (_lock)
        {
            if (!_subscriptions.TryGetValue(id, out var subscription) || subscription.Status != "active")
            {
                return null;
            }

            subscription.Status = "canceled";
            subscription.CanceledAt = Now;
            return subscription;
        }
    }

    /// <summary>Fully refunds the charge of a payment intent (or a charge id); null when unknown or already refunded.</summary>
    public EmulatedCharge? Refund(string chargeOrPaymentIntent)
    {
        lock (_lock)
        {
            var charge = _charges.GetValueOrDefault(chargeOrPaymentIntent)
                ?? _charges.Values.FirstOrDefault(c => c.PaymentIntentId == chargeOrPaymentIntent);
            if (charge is null || charge.Refunded)
            {
                return null;
            }

            charge.Refunded = true;
            return charge;
        }
    }
}

public sealed class EmulatedSession
{
    public required string Id { get; init; }

    public required string ApiKey { get; init; }

    /// <summary>The Stripe-Version the caller spoke; its events carry it as their api_version.</summary>
    public required string ApiVersion { get; init; }

    public required string Mode { get; init; }

    public required string PriceId { get; init; }

    public required long AmountTotal { get; init; }

    public required string Currency { get; init; }

    public required string SuccessUrl { get; init; }

    public required string CancelUrl { get; init; }

    public string? ClientReferenceId { get; init; }

    public string? CustomerEmail { get; init; }

    public required Dictionary<string, string> Metadata { get; init; }

    public required Dictionary<string, string> SubscriptionMetadata { get; init; }

    public required Dictionary<string, string> PaymentIntentMetadata { get; init; }

    public required long Created { get; init; }

    public required Uri Url { get; init; }

    public string Status { get; set; } = "open";

    public string PaymentStatus { get; set; } = "unpaid";

    public string? CustomerId { get; set; }

    public string? PaymentIntentId { get; set; }

    public string? ChargeId { get; set; }

    public string? SubscriptionId { get; set; }
}

public sealed record EmulatedSubscription(
    string Id, string CustomerId, string PriceId, long Amount, string Currency, Dictionary<string, string> Metadata, string ApiKey, string ApiVersion)
{
    public string Status { get; set; } = "active";

    public long? CanceledAt { get; set; }
}

public sealed record EmulatedCharge(
    string Id, string PaymentIntentId, long Amount, string Currency, Dictionary<string, string> Metadata, string ApiKey, string ApiVersion)
{
    public bool Refunded { get; set; }
}
