using System.Net;
using System.Text.Json.Nodes;
using AIVideo.Core.Data.Entities;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AIVideo.Tests.Payments;

/// <summary>A plan: its credits for each paid invoice while the subscription lives, none after it is deleted.</summary>
public sealed class SubscriptionTests(TestServices services, EmulatorServer emulator) : PaymentTestBase(services, emulator)
{
    [Fact]
    public async Task A_subscription_grants_per_paid_invoice_and_stops_after_deletion()
    {
        var buyer = await CreateBuyerAsync();
        var (sessionId, url) = await StartCheckoutAsync(buyer, "pro_monthly");
        Assert.Contains("Subscribe 19.99 USD", await Browser.GetStringAsync(url, TestContext.Current.CancellationToken), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await PayAsync(url)).StatusCode);

        // The first invoice of the period.
        Assert.Equal(250m, await BalanceAsync(buyer));
        var subscription = await ReadAsync(db => db.PlanSubscriptions.AsNoTracking().SingleAsync(s => s.UserId == buyer.Id, TestContext.Current.CancellationToken));
        Assert.Equal(SubscriptionStatus.Active, subscription.Status);
        Assert.Equal("pro_monthly", subscription.PlanId);
        Assert.Equal(subscription.StripeSubscriptionId, await ReadAsync(db => db.Purchases.Where(p => p.StripeSessionId == sessionId).Select(p => p.StripeSubscriptionId).SingleAsync(TestContext.Current.CancellationToken)));

        // The next period is paid.
        var renewed = await Browser.PostAsync(new Uri(Emulator.BaseAddress, $"/stripe/emulator/subscriptions/{subscription.StripeSubscriptionId}/renew"), null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        Assert.Equal(500m, await BalanceAsync(buyer));
        var grants = (await LedgerAsync(buyer)).Where(t => t.Reason == CreditReason.Subscription).ToList();
        Assert.Equal(2, grants.Count);
        Assert.All(grants, g => Assert.StartsWith("in_", g.StripeObjectId, StringComparison.Ordinal));
        Assert.Equal(2, grants.Select(g => g.StripeObjectId).Distinct().Count());

        // Deleted in Stripe: customer.subscription.deleted.
        Assert.Equal(HttpStatusCode.OK, (await StripeCallAsync(HttpMethod.Delete, $"subscriptions/{subscription.StripeSubscriptionId}")).StatusCode);
        Assert.Equal(SubscriptionStatus.Canceled, await ReadAsync(db => db.PlanSubscriptions.Where(s => s.Id == subscription.Id).Select(s => s.Status).SingleAsync(TestContext.Current.CancellationToken)));

        // Even a paid invoice arriving after the deletion grants nothing.
        var late = Event("invoice.payment_succeeded", new JsonObject
        {
            ["id"] = $"in_test_{Guid.NewGuid():N}",
            ["object"] = "invoice",
            ["status"] = "paid",
            ["amount_paid"] = 1999,
            ["currency"] = "usd",
            ["parent"] = new JsonObject
            {
                ["type"] = "subscription_details",
                ["subscription_details"] = new JsonObject
                {
                    ["subscription"] = subscription.StripeSubscriptionId,
                    ["metadata"] = new JsonObject([.. MetadataOf(buyer, "pro_monthly").Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))]),
                },
            },
        });
        Assert.Equal(HttpStatusCode.OK, (await PostWebhookAsync(late, Sign(late))).StatusCode);
        Assert.Equal(500m, await BalanceAsync(buyer));
        await AssertLedgerInvariantAsync(buyer);

        var admin = await (await Client.GetAsync($"/api/v1/admin/payments?user_id={buyer.Id}", TestTokens.Entra(["AIVideo.Admin"]))).ReadJsonAsync();
        var listed = Assert.Single(admin["subscriptions"]!.AsArray())!;
        Assert.Equal(subscription.StripeSubscriptionId, (string?)listed["stripe_subscription_id"]);
        Assert.Equal("canceled", (string?)listed["status"]);
    }
}
