using System.Net;
using AIVideo.Core.Data.Entities;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AIVideo.Tests.Payments;

/// <summary>Buying a credit pack end to end through the Emulator's Stripe: checkout, the hosted page, the webhook.</summary>
public sealed class CheckoutTests(TestServices services, EmulatorServer emulator) : PaymentTestBase(services, emulator)
{
    [Fact]
    public async Task Pricing_lists_the_catalog_and_a_product_without_a_price_as_unavailable()
    {
        var pricing = await (await Client.GetAsync("/api/v1/payments/pricing", bearer: null)).ReadJsonAsync();

        Assert.Equal("test", (string?)pricing["environment"]);
        var pack = pricing["credits_pack"]!;
        Assert.Equal(9.99m, (decimal)pack["price"]!);
        Assert.Equal("usd", (string?)pack["currency"]);
        Assert.Equal(100m, (decimal)pack["credits"]!);
        Assert.Equal(PackPrice, (string?)pack["stripe_price_id"]);
        var plans = pricing["plans"]!.AsArray().ToDictionary(p => (string)p!["id"]!, p => p!);
        Assert.Equal(["pro_monthly", "pro_yearly"], plans.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("month", (string?)plans["pro_monthly"]["interval"]);
        Assert.NotEmpty(plans["pro_monthly"]["features"]!.AsArray());
        Assert.True((bool)plans["pro_monthly"]["available"]!);
        Assert.Null(plans["pro_yearly"]["stripe_price_id"]);
        Assert.False((bool)plans["pro_yearly"]["available"]!);
    }

    [Fact]
    public async Task A_full_purchase_grants_the_pack_once_through_the_webhook()
    {
        var buyer = await CreateBuyerAsync(credits: 5);
        var (sessionId, url) = await StartCheckoutAsync(buyer);
        var pending = await ReadAsync(db => db.Purchases.AsNoTracking().SingleAsync(p => p.StripeSessionId == sessionId, TestContext.Current.CancellationToken));
        Assert.Equal(PurchaseStatus.Pending, pending.Status);
        Assert.Equal(5m, await BalanceAsync(buyer));

        var page = await Browser.GetStringAsync(url, TestContext.Current.CancellationToken);
        Assert.Contains("Pay 9.99 USD", page, StringComparison.Ordinal);
        Assert.Contains("Cancel", page, StringComparison.Ordinal);

        var paid = await PayAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);
        Assert.Equal($"http://localhost:3000/payment/success?session_id={sessionId}", paid.Headers.Location!.ToString());
        Assert.Equal(105m, await BalanceAsync(buyer));
        var grant = Assert.Single(await LedgerAsync(buyer), t => t.Reason == CreditReason.Purchase);
        Assert.Equal(100m, grant.Amount);
        Assert.Equal(sessionId, grant.StripeObjectId);
        await AssertLedgerInvariantAsync(buyer);

        var session = await (await Client.GetAsync($"/api/v1/payments/session/{sessionId}", buyer.Token)).ReadJsonAsync();
        Assert.Equal("paid", (string?)session["status"]);
        Assert.Equal(sessionId, (string?)session["session_id"]);
        Assert.StartsWith("pi_", (string?)session["payment_intent_id"], StringComparison.Ordinal);
        Assert.Equal(9.99m, (decimal)session["amount"]!);
        Assert.Equal("usd", (string?)session["currency"]);
        var purchase = await ReadAsync(db => db.Purchases.AsNoTracking().SingleAsync(p => p.StripeSessionId == sessionId, TestContext.Current.CancellationToken));
        Assert.Equal(PurchaseStatus.Paid, purchase.Status);
        Assert.Equal((string?)session["payment_intent_id"], purchase.StripePaymentIntentId);
    }

    [Fact]
    public async Task Cancel_on_the_checkout_page_returns_to_cancel_url_and_grants_nothing()
    {
        var buyer = await CreateBuyerAsync();
        var (_, url) = await StartCheckoutAsync(buyer);

        var cancelled = await Browser.PostAsync(new Uri(url + "/cancel"), null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        Assert.Equal(CancelUrl, cancelled.Headers.Location!.ToString());
        Assert.Equal(0m, await BalanceAsync(buyer));
    }

    [Fact]
    public async Task A_declined_card_grants_nothing_and_the_session_stays_unpaid()
    {
        var buyer = await CreateBuyerAsync();
        var (sessionId, url) = await StartCheckoutAsync(buyer);

        var declined = await PayAsync(url, card: "4000 0000 0000 0002");

        Assert.Equal(HttpStatusCode.PaymentRequired, declined.StatusCode);
        Assert.Contains("Your card was declined.", await declined.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(0m, await BalanceAsync(buyer));
        var session = await (await Client.GetAsync($"/api/v1/payments/session/{sessionId}", buyer.Token)).ReadJsonAsync();
        Assert.Equal("unpaid", (string?)session["status"]);
    }

    [Fact]
    public async Task A_delayed_webhook_grants_after_the_redirect()
    {
        var buyer = await CreateBuyerAsync();
        var (_, url) = await StartCheckoutAsync(buyer);

        var paid = await PayAsync(url, "[emulator:delay-webhook]");

        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);
        Assert.Equal(0m, await BalanceAsync(buyer));
        await Eventually.UntilAsync(async () => await BalanceAsync(buyer) == 100m, TimeSpan.FromSeconds(20), "the delayed webhook never granted the pack");
        await AssertLedgerInvariantAsync(buyer);
    }

    [Fact]
    public async Task A_duplicated_webhook_from_the_emulator_grants_once()
    {
        var buyer = await CreateBuyerAsync();
        var (_, url) = await StartCheckoutAsync(buyer);

        await PayAsync(url, "[emulator:duplicate-webhook]");

        Assert.Equal(100m, await BalanceAsync(buyer));
        Assert.Single(await LedgerAsync(buyer));
    }

    [Fact]
    public async Task Another_users_session_is_not_found()
    {
        var owner = await CreateBuyerAsync();
        var other = await CreateBuyerAsync();
        var (sessionId, _) = await StartCheckoutAsync(owner);

        var response = await Client.GetAsync($"/api/v1/payments/session/{sessionId}", other.Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Session not found", await response.ReadDetailAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/api/v1/payments/session/cs_test_unknown", owner.Token)).StatusCode);
    }

    [Theory]
    [InlineData("credits", "https://evil.example.com/thanks", CancelUrl, "success_url is not on an allowed origin")]
    [InlineData("credits", SuccessUrl, "http://localhost:3001/back", "cancel_url is not on an allowed origin")]
    [InlineData("credits", "/payment/success", CancelUrl, "success_url is not on an allowed origin")]
    [InlineData("gold_forever", SuccessUrl, CancelUrl, "Unknown product_type: gold_forever")]
    [InlineData("pro_yearly", SuccessUrl, CancelUrl, "pro_yearly is not available for purchase")]
    public async Task A_checkout_that_cannot_be_sold_is_refused_with_400(string productType, string successUrl, string cancelUrl, string detail)
    {
        var buyer = await CreateBuyerAsync();

        var response = await CreateCheckoutAsync(buyer, productType, successUrl, cancelUrl);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(detail, await response.ReadDetailAsync());
        Assert.Equal(0, await ReadAsync(db => db.Purchases.CountAsync(p => p.UserId == buyer.Id, TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Checkout_and_config_need_a_signed_in_user()
    {
        var checkout = await Client.SendAsync(HttpMethod.Post, "/api/v1/payments/create-checkout-session", bearer: null,
            new { product_type = "credits", success_url = SuccessUrl, cancel_url = CancelUrl });
        Assert.Equal(HttpStatusCode.Unauthorized, checkout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.GetAsync("/api/v1/payments/config", bearer: null)).StatusCode);

        var buyer = await CreateBuyerAsync();
        var config = await (await Client.GetAsync("/api/v1/payments/config", buyer.Token)).ReadJsonAsync();
        Assert.Equal("test", (string?)config["environment"]);
        Assert.NotNull(config["publishable_key"]);
    }

    [Fact]
    public async Task The_admin_view_lists_purchases_with_their_stripe_ids()
    {
        var buyer = await CreateBuyerAsync();
        var (sessionId, url) = await StartCheckoutAsync(buyer);
        await PayAsync(url);

        var response = await Client.GetAsync($"/api/v1/admin/payments?user_id={buyer.Id}", TestTokens.Entra(["AIVideo.Admin"]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        var purchase = Assert.Single(body["purchases"]!.AsArray())!;
        Assert.Equal(sessionId, (string?)purchase["stripe_session_id"]);
        Assert.Equal("paid", (string?)purchase["status"]);
        Assert.StartsWith("pi_", (string?)purchase["stripe_payment_intent_id"], StringComparison.Ordinal);
        Assert.Equal(1, (int)body["total_purchases"]!);
        Assert.Equal(HttpStatusCode.Forbidden, (await Client.GetAsync("/api/v1/admin/payments", buyer.Token)).StatusCode);
    }
}
