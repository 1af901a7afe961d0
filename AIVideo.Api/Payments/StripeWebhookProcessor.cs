using AIVideo.Core.Credits;
using AIVideo.Core.Data;
using AIVideo.Core.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Stripe;
using Stripe.Checkout;

namespace AIVideo.Api.Payments;

/// <summary>
/// Applies a verified Stripe event exactly once: the event's id is inserted into
/// <c>stripe_events</c> in the same transaction as its effects, so of any number of deliveries
/// (Stripe's retries, concurrent duplicates) one commits and the others find the id taken; a
/// failure rolls both back and Stripe's retry tries again. Credits change only through the ledger,
/// whose unique (Stripe object, reason) index is the second guard.
/// </summary>
public sealed partial class StripeWebhookProcessor(
    AIVideoDbContext db, CreditLedger ledger, PaymentCatalog catalog, CreditEvents events, TimeProvider time, ILogger<StripeWebhookProcessor> logger)
{
    public async Task<WebhookOutcome> ProcessAsync(Event stripeEvent, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        var (outcome, balance) = await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // A concurrent delivery of the same event waits here on the primary key until the
            // first commits (then inserts nothing) or rolls back (then it does the work).
            var claimed = await db.Database.ExecuteSqlAsync(
                $"INSERT INTO stripe_events (id, type) VALUES ({stripeEvent.Id}, {stripeEvent.Type}) ON CONFLICT (id) DO NOTHING", cancellationToken);
            if (claimed == 0)
            {
                return (WebhookOutcome.Duplicate, (BalanceChange?)null);
            }

            var change = stripeEvent.Data.Object switch
            {
                Session session when stripeEvent.Type == EventTypes.CheckoutSessionCompleted => await CompleteCheckoutAsync(session, cancellationToken),
                Invoice invoice when stripeEvent.Type == EventTypes.InvoicePaymentSucceeded => await GrantPaidPeriodAsync(invoice, cancellationToken),
                Subscription subscription when stripeEvent.Type == EventTypes.CustomerSubscriptionDeleted => await EndSubscriptionAsync(subscription, cancellationToken),
                Charge charge when stripeEvent.Type == EventTypes.ChargeRefunded => await TakeBackRefundAsync(charge, cancellationToken),
                _ => null,
            };
            await transaction.CommitAsync(cancellationToken);
            return (WebhookOutcome.Processed, change);
        });

        // After commit: a connection never hears of credits that a rollback took away again.
        if (balance is { } changed)
        {
            await events.PublishAsync(changed.UserId, changed.Credits);
        }

        return outcome;
    }

    /// <summary>A pack's credits, or a plan's subscription recorded (its credits come with each paid invoice).</summary>
    private async Task<BalanceChange?> CompleteCheckoutAsync(Session session, CancellationToken cancellationToken)
    {
        var purchase = await db.Purchases.AsNoTracking().SingleOrDefaultAsync(p => p.StripeSessionId == session.Id, cancellationToken)
            ?? await RecordFromMetadataAsync(session, cancellationToken);
        if (purchase is null)
        {
            LogUnknown(logger, "checkout session", session.Id);
            return null;
        }

        // Asynchronous payment methods complete the session unpaid; only a paid one grants.
        if (session.PaymentStatus != "paid")
        {
            LogUnpaid(logger, session.Id, session.PaymentStatus);
            return null;
        }

        await db.Purchases.Where(p => p.Id == purchase.Id).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.Status, PurchaseStatus.Paid)
            .SetProperty(p => p.StripePaymentIntentId, session.PaymentIntentId)
            .SetProperty(p => p.StripeSubscriptionId, session.SubscriptionId)
            .SetProperty(p => p.UpdatedAt, time.GetUtcNow().UtcDateTime), cancellationToken);

        if (session.Mode == "subscription")
        {
            if (session.SubscriptionId is { } subscriptionId)
            {
                await RecordSubscriptionAsync(purchase.UserId, purchase.ProductType, subscriptionId, cancellationToken);
            }

            return null;
        }

        return await ledger.GrantPaymentAsync(purchase.UserId, purchase.Credits, CreditReason.Purchase, session.Id, cancellationToken) is { } balance
            ? new BalanceChange(purchase.UserId, balance)
            : null;
    }

    /// <summary>One paid period of an active subscription: the plan's credits, once per invoice.</summary>
    private async Task<BalanceChange?> GrantPaidPeriodAsync(Invoice invoice, CancellationToken cancellationToken)
    {
        if (invoice.Parent?.SubscriptionDetails is not { SubscriptionId: { } subscriptionId } details || invoice.AmountPaid <= 0)
        {
            return null;
        }

        // The first invoice may arrive before checkout.session.completed: its metadata suffices.
        if (StripeMetadata.UserIdOf(details.Metadata) is { } userId && StripeMetadata.ProductTypeOf(details.Metadata) is { } planId)
        {
            await RecordSubscriptionAsync(userId, planId, subscriptionId, cancellationToken);
        }

        var subscription = await db.PlanSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.StripeSubscriptionId == subscriptionId, cancellationToken);
        if (subscription is not { Status: SubscriptionStatus.Active })
        {
            LogNotActive(logger, invoice.Id, subscriptionId);
            return null;
        }

        return await ledger.GrantPaymentAsync(subscription.UserId, subscription.CreditsPerPeriod, CreditReason.Subscription, invoice.Id, cancellationToken) is { } balance
            ? new BalanceChange(subscription.UserId, balance)
            : null;
    }

    /// <summary>No further grants: a canceled row stays canceled whatever arrives later.</summary>
    private async Task<BalanceChange?> EndSubscriptionAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        if (StripeMetadata.UserIdOf(subscription.Metadata) is { } userId && StripeMetadata.ProductTypeOf(subscription.Metadata) is { } planId)
        {
            await RecordSubscriptionAsync(userId, planId, subscription.Id, cancellationToken);
        }

        var ended = await db.PlanSubscriptions.Where(s => s.StripeSubscriptionId == subscription.Id).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.Status, SubscriptionStatus.Canceled)
            .SetProperty(p => p.CanceledAt, time.GetUtcNow().UtcDateTime)
            .SetProperty(p => p.UpdatedAt, time.GetUtcNow().UtcDateTime), cancellationToken);
        if (ended == 0)
        {
            LogUnknown(logger, "subscription", subscription.Id);
        }

        return null;
    }

    /// <summary>
    /// A fully refunded pack: its credits back, down to zero. Decision: a partial refund takes
    /// nothing back (logged); how many credits it is worth is left to an admin.
    /// </summary>
    private async Task<BalanceChange?> TakeBackRefundAsync(Charge charge, CancellationToken cancellationToken)
    {
        var purchase = charge.PaymentIntentId is { } paymentIntentId
            ? await db.Purchases.AsNoTracking().SingleOrDefaultAsync(p => p.StripePaymentIntentId == paymentIntentId, cancellationToken)
            : null;
        if (purchase is null)
        {
            LogUnknown(logger, "refunded charge", charge.Id);
            return null;
        }

        if (!charge.Refunded)
        {
            LogPartialRefund(logger, charge.Id, charge.AmountRefunded, charge.Amount);
            return null;
        }

        await db.Purchases.Where(p => p.Id == purchase.Id).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.Status, PurchaseStatus.Refunded)
            .SetProperty(p => p.UpdatedAt, time.GetUtcNow().UtcDateTime), cancellationToken);
        return await ledger.TakeBackPurchaseAsync(purchase.UserId, purchase.StripeSessionId, charge.Id, cancellationToken) is { } balance
            ? new BalanceChange(purchase.UserId, balance)
            : null;
    }

    /// <summary>
    /// The purchase of a session whose pending row was never written (the Api failed between creating
    /// the session and saving it, and the customer paid anyway), rebuilt from the session's metadata.
    /// </summary>
    private async Task<Purchase?> RecordFromMetadataAsync(Session session, CancellationToken cancellationToken)
    {
        if (StripeMetadata.UserIdOf(session.Metadata) is not { } userId
            || StripeMetadata.ProductTypeOf(session.Metadata) is not { } productType
            || catalog.Find(productType) is not { } product
            || !await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
        {
            return null;
        }

        var purchase = new Purchase
        {
            UserId = userId,
            StripeSessionId = session.Id,
            ProductType = productType,
            Credits = catalog.IsPlan(productType) ? 0 : product.Credits,
            AmountMinor = session.AmountTotal ?? 0,
            Currency = session.Currency ?? product.Currency,
            Status = PurchaseStatus.Pending,
        };
        db.Purchases.Add(purchase);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return purchase;
    }

    /// <summary>Inserts the subscription if it is new, with the plan's credits of today; never reactivates a canceled one.</summary>
    private async Task RecordSubscriptionAsync(long userId, string planId, string subscriptionId, CancellationToken cancellationToken)
    {
        if (!catalog.IsPlan(planId))
        {
            LogUnknown(logger, "plan", planId);
            return;
        }

        var credits = catalog.Find(planId)!.Credits;
        var active = SnakeCaseNames.Of(SubscriptionStatus.Active);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO plan_subscriptions (user_id, stripe_subscription_id, plan_id, credits_per_period, status)
            SELECT id, {subscriptionId}, {planId}, {credits}, {active} FROM users WHERE id = {userId}
            ON CONFLICT (stripe_subscription_id) DO NOTHING
            """, cancellationToken);
    }

    [LoggerMessage(LogLevel.Warning, "Stripe webhook: unknown {What} {Id}, nothing to do")]
    private static partial void LogUnknown(ILogger logger, string what, string id);

    [LoggerMessage(LogLevel.Information, "Stripe webhook: checkout session {SessionId} completed with payment status {PaymentStatus}; nothing granted")]
    private static partial void LogUnpaid(ILogger logger, string sessionId, string paymentStatus);

    [LoggerMessage(LogLevel.Information, "Stripe webhook: invoice {InvoiceId} of subscription {SubscriptionId}, which is not active; nothing granted")]
    private static partial void LogNotActive(ILogger logger, string invoiceId, string subscriptionId);

    [LoggerMessage(LogLevel.Warning, "Stripe webhook: charge {ChargeId} partially refunded ({Refunded} of {Amount}); no credits taken back")]
    private static partial void LogPartialRefund(ILogger logger, string chargeId, long refunded, long amount);

    private sealed record BalanceChange(long UserId, decimal Credits);
}

public enum WebhookOutcome
{
    Processed,
    Duplicate,
}
