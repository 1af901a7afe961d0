extern alias emulator;

using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using AIVideo.Api.Payments;
using AIVideo.Api.Realtime;
using AIVideo.Core.Credits;
using AIVideo.Core.Data.Entities;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Realtime;
using AIVideo.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AIVideo.Tests.Payments;

/// <summary>The webhook: signatures, exactly-once processing, refunds and the realtime event.</summary>
public sealed class StripeWebhookTests(TestServices services, EmulatorServer emulator) : PaymentTestBase(services, emulator)
{
    [Fact]
    public async Task The_same_event_delivered_five_times_at_once_grants_once()
    {
        var buyer = await CreateBuyerAsync();
        var (sessionId, _) = await StartCheckoutAsync(buyer);
        var payload = CompletedPackEvent(buyer, sessionId);

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => PostWebhookAsync(payload, Sign(payload))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(100m, await BalanceAsync(buyer));
        Assert.Single(await LedgerAsync(buyer));
        await AssertLedgerInvariantAsync(buyer);

        // A retry later, with a fresh signature, changes nothing either.
        Assert.Equal(HttpStatusCode.OK, (await PostWebhookAsync(payload, Sign(payload))).StatusCode);
        Assert.Equal(100m, await BalanceAsync(buyer));
    }

    [Fact]
    public async Task A_paid_session_whose_pending_row_was_lost_is_credited_from_its_metadata()
    {
        var buyer = await CreateBuyerAsync();
        var sessionId = $"cs_test_lost_{Guid.NewGuid():N}";
        var payload = CompletedPackEvent(buyer, sessionId);

        Assert.Equal(HttpStatusCode.OK, (await PostWebhookAsync(payload, Sign(payload))).StatusCode);

        Assert.Equal(100m, await BalanceAsync(buyer));
        Assert.Equal(PurchaseStatus.Paid, await ReadAsync(db => db.Purchases.Where(p => p.StripeSessionId == sessionId).Select(p => p.Status).SingleAsync(TestContext.Current.CancellationToken)));
    }

    public static TheoryData<string> RefusedDeliveries => ["wrong secret", "stale timestamp", "tampered body", "missing header", "not a signature"];

    [Theory]
    [MemberData(nameof(RefusedDeliveries))]
    public async Task A_delivery_that_is_not_signed_by_stripe_now_is_refused_and_changes_nothing(string how)
    {
        var buyer = await CreateBuyerAsync();
        var (sessionId, _) = await StartCheckoutAsync(buyer);
        var payload = CompletedPackEvent(buyer, sessionId);
        var (body, signature) = how switch
        {
            "wrong secret" => (payload, Sign(payload, secret: "whsec_someone_else")),
            "stale timestamp" => (payload, Sign(payload, at: DateTimeOffset.UtcNow.AddMinutes(-6))),
            "tampered body" => (payload.Replace("\"paid\"", "\"paid\" ", StringComparison.Ordinal), Sign(payload)),
            "missing header" => (payload, null),
            _ => (payload, "t=1,v1=00"),
        };

        var response = await PostWebhookAsync(body, signature);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrEmpty(await response.ReadDetailAsync()));
        Assert.Equal(0m, await BalanceAsync(buyer));
        Assert.Equal(0, await ReadAsync(db => db.StripeEvents.CountAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task A_refund_takes_the_pack_back_down_to_zero()
    {
        var buyer = await CreateBuyerAsync();
        var (sessionId, url) = await StartCheckoutAsync(buyer);
        await PayAsync(url);
        // 70 of the 100 credits are spent on a video before the refund.
        await ReadAsync(db => new CreditLedger(db).TryChargeAsync(buyer.Id, 70m, videoId: Random.Shared.NextInt64(1, long.MaxValue), attempt: 1, TestContext.Current.CancellationToken));
        var paymentIntent = await ReadAsync(db => db.Purchases.Where(p => p.StripeSessionId == sessionId).Select(p => p.StripePaymentIntentId).SingleAsync(TestContext.Current.CancellationToken));

        var refund = await StripeCallAsync(HttpMethod.Post, "refunds", new() { ["payment_intent"] = paymentIntent! });

        Assert.Equal(HttpStatusCode.OK, refund.StatusCode);
        Assert.Equal(0m, await BalanceAsync(buyer));
        var takeBack = Assert.Single(await LedgerAsync(buyer), t => t.Reason == CreditReason.PurchaseRefund);
        Assert.Equal(-30m, takeBack.Amount);
        Assert.Equal(sessionId, takeBack.StripeObjectId);
        await AssertLedgerInvariantAsync(buyer);
        Assert.Equal(PurchaseStatus.Refunded, await ReadAsync(db => db.Purchases.Where(p => p.StripeSessionId == sessionId).Select(p => p.Status).SingleAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task A_later_refund_from_the_emulator_takes_the_credits_back()
    {
        var buyer = await CreateBuyerAsync(credits: 10);
        var (_, url) = await StartCheckoutAsync(buyer);

        await PayAsync(url, "[emulator:refund]");

        Assert.Equal(110m, await BalanceAsync(buyer));
        await Eventually.UntilAsync(async () => await BalanceAsync(buyer) == 10m, TimeSpan.FromSeconds(20), "the refund never took the pack back");
        Assert.Equal([CreditReason.AdminGrant, CreditReason.Purchase, CreditReason.PurchaseRefund], (await LedgerAsync(buyer)).Select(t => t.Reason));
        await AssertLedgerInvariantAsync(buyer);
    }

    [Fact]
    public async Task The_buyers_realtime_connection_hears_credits_updated()
    {
        var buyer = await CreateBuyerAsync();
        await Api.Services.GetRequiredService<RealtimeRedisListener>().Subscribed.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        using var socket = new ClientWebSocket();
        var address = new UriBuilder(Api.ClientOptions.BaseAddress) { Scheme = "ws", Path = RealtimeTokens.WebSocketPath, Query = $"token={buyer.Token}" };
        await socket.ConnectAsync(address.Uri, TestContext.Current.CancellationToken);
        var (_, url) = await StartCheckoutAsync(buyer);

        await PayAsync(url);

        JsonObject? message;
        do
        {
            message = await socket.ReceiveAsync(TimeSpan.FromSeconds(20));
        }
        while (message is not null && (string?)message["type"] != CreditEvents.UpdatedType);
        Assert.NotNull(message);
        Assert.Equal(100m, (decimal)message["credits"]!);
    }

    [Fact]
    public async Task The_emulator_signs_as_stripe_signs()
    {
        const string payload = """{"id":"evt_1","object":"event"}""";
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var header = emulator::AIVideo.Emulator.Stripe.WebhookSender.Sign(payload, "whsec_check", now);

        Stripe.EventUtility.ValidateSignature(payload, header, "whsec_check", tolerance: 300);
        Assert.Equal(Sign(payload, DateTimeOffset.FromUnixTimeSeconds(now), "whsec_check"), header);
    }

    private static string CompletedPackEvent(Buyer buyer, string sessionId) => Event("checkout.session.completed", new JsonObject
    {
        ["id"] = sessionId,
        ["object"] = "checkout.session",
        ["mode"] = "payment",
        ["status"] = "complete",
        ["payment_status"] = "paid",
        ["amount_total"] = 999,
        ["currency"] = "usd",
        ["payment_intent"] = $"pi_test_{Guid.NewGuid():N}",
        ["metadata"] = new JsonObject([.. MetadataOf(buyer, "credits").Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))]),
    });
}
