using AIVideo.Api.Infrastructure.Cors;
using AIVideo.Core.Data;
using AIVideo.Core.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace AIVideo.Api.Payments;

/// <summary>
/// Starts a Stripe Checkout for a product and records it as a pending purchase. Nothing is granted
/// here: only the signed webhook says a payment happened (<see cref="StripeWebhookProcessor"/>).
/// </summary>
public sealed class CheckoutSessions(IStripeClient stripe, PaymentCatalog catalog, AIVideoDbContext db, IOptions<ApiCorsOptions> cors)
{
    public async Task<CheckoutOutcome> CreateAsync(long userId, CreateCheckoutSessionRequest request, CancellationToken cancellationToken)
    {
        var productType = request.ProductType!;
        if (catalog.Find(productType) is not { } product)
        {
            return CheckoutOutcome.Refused($"Unknown product_type: {productType}");
        }

        if (!PaymentCatalog.IsAvailable(product))
        {
            return CheckoutOutcome.Refused($"{productType} is not available for purchase");
        }

        // Stripe sends the browser back to these: only to our own frontend, never to anyone's page.
        foreach (var (name, url) in new[] { ("success_url", request.SuccessUrl!), ("cancel_url", request.CancelUrl!) })
        {
            if (!IsOnAllowedOrigin(url))
            {
                return CheckoutOutcome.Refused($"{name} is not on an allowed origin");
            }
        }

        var plan = catalog.IsPlan(productType);
        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).SingleAsync(cancellationToken);
        var metadata = StripeMetadata.For(userId, productType);
        var options = new SessionCreateOptions
        {
            Mode = plan ? "subscription" : "payment",
            LineItems = [new SessionLineItemOptions { Price = product.StripePriceId, Quantity = 1 }],
            SuccessUrl = request.SuccessUrl,
            CancelUrl = request.CancelUrl,
            ClientReferenceId = metadata[StripeMetadata.UserId],
            CustomerEmail = email,
            Metadata = metadata,
            // Invoices and refunds carry their subscription's or payment intent's metadata, not the session's.
            SubscriptionData = plan ? new SessionSubscriptionDataOptions { Metadata = metadata } : null,
            PaymentIntentData = plan ? null : new SessionPaymentIntentDataOptions { Metadata = metadata },
        };

        var session = await new SessionService(stripe).CreateAsync(options, cancellationToken: cancellationToken);

        db.Purchases.Add(new Purchase
        {
            UserId = userId,
            StripeSessionId = session.Id,
            ProductType = productType,
            Credits = plan ? 0 : product.Credits,
            AmountMinor = session.AmountTotal ?? (long)decimal.Round(product.Price * 100),
            Currency = session.Currency ?? product.Currency,
            Status = PurchaseStatus.Pending,
        });
        await db.SaveChangesAsync(cancellationToken);
        return CheckoutOutcome.Created(new CheckoutSessionResponse(session.Id, session.Url));
    }

    private bool IsOnAllowedOrigin(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && uri.Scheme is ("https" or "http")
        && cors.Value.AllowedOrigins.Any(origin => string.Equals(origin.TrimEnd('/'), uri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase));
}

public sealed record CheckoutOutcome(CheckoutSessionResponse? Session, string? Refusal)
{
    public static CheckoutOutcome Created(CheckoutSessionResponse session) => new(session, null);

    public static CheckoutOutcome Refused(string detail) => new(null, detail);
}
