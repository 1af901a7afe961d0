using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace AIVideo.Emulator.Stripe;

/// <summary>
/// The hosted checkout page at a session's <c>url</c>: plain HTML with the amount, a card number
/// (Stripe's test card 4242… pays, 4000 0000 0000 0002 is declined), an optional "test scenario"
/// field and Pay and Cancel buttons. Pay completes the session, sends its webhooks and redirects
/// to <c>success_url</c>; Cancel redirects to <c>cancel_url</c>. Scenario words:
/// <c>[emulator:declined]</c>, <c>[emulator:delay-webhook]</c>, <c>[emulator:duplicate-webhook]</c>,
/// <c>[emulator:refund]</c> (the payment is refunded a moment later).
/// </summary>
internal static class CheckoutPage
{
    public const string TestCard = "4242 4242 4242 4242";

    public static void MapCheckoutPage(this RouteGroupBuilder stripe)
    {
        var page = stripe.MapGroup("/checkout/{id}").DisableAntiforgery();
        page.MapGet(string.Empty, ShowCheckout);
        page.MapPost("/pay", Pay);
        page.MapPost("/cancel", Cancel);
    }

    public static IResult ShowCheckout(string id, StripeStore store) =>
        store.Session(id) is { } session ? Page(session, null, StatusCodes.Status200OK) : Results.NotFound();

    public static async Task<IResult> Pay(
        string id, HttpRequest request, StripeStore store, WebhookSender webhooks, IOptions<StripeEmulatorOptions> options, CancellationToken cancellationToken)
    {
        if (store.Session(id) is not { } open)
        {
            return Results.NotFound();
        }

        var form = await request.ReadFormAsync(cancellationToken);
        var scenario = StripeScenario.From(form["card_number"], form["scenario"]);
        if (scenario.Declined)
        {
            // As Stripe: the customer sees the decline and may try another card; no event is sent.
            return Page(open, "Your card was declined.", StatusCodes.Status402PaymentRequired);
        }

        if (store.Complete(id) is not { } session)
        {
            return Page(open, "This checkout session is no longer open.", StatusCodes.Status409Conflict);
        }

        var events = new List<JsonObject> { webhooks.Event("checkout.session.completed", StripeObjects.Session(session), session.ApiVersion) };
        if (session.SubscriptionId is { } subscriptionId)
        {
            events.Add(webhooks.Event("invoice.payment_succeeded", StripeObjects.PaidInvoice(store.Subscription(subscriptionId)!, "subscription_create", store.Now), session.ApiVersion));
        }

        var copies = scenario.DuplicateWebhook ? 2 : 1;
        if (scenario.DelayWebhook)
        {
            webhooks.DeliverLater(session.ApiKey, events, copies, options.Value.WebhookDelay);
        }
        else
        {
            await webhooks.DeliverAsync(session.ApiKey, events, copies, cancellationToken);
        }

        if (scenario.RefundLater && session.PaymentIntentId is { } paymentIntentId)
        {
            _ = Task.Run(async () =>
            {
                await Task.Delay(options.Value.RefundDelay + (scenario.DelayWebhook ? options.Value.WebhookDelay : TimeSpan.Zero));
                if (store.Refund(paymentIntentId) is { } charge)
                {
                    await webhooks.DeliverAsync(charge.ApiKey, [webhooks.Event("charge.refunded", StripeObjects.Charge(charge), charge.ApiVersion)], 1, CancellationToken.None);
                }
            }, CancellationToken.None);
        }

        return Results.Redirect(session.SuccessUrl.Replace("{CHECKOUT_SESSION_ID}", session.Id, StringComparison.Ordinal));
    }

    public static IResult Cancel(string id, StripeStore store) =>
        store.Session(id) is { } session
            ? Results.Redirect(session.CancelUrl.Replace("{CHECKOUT_SESSION_ID}", session.Id, StringComparison.Ordinal))
            : Results.NotFound();

    private static IResult Page(EmulatedSession session, string? error, int status)
    {
        var amount = (session.AmountTotal / 100m).ToString("0.00", CultureInfo.InvariantCulture);
        var what = session.Mode == "subscription" ? "Subscribe" : "Pay";
        var body = session.Status != "open"
            ? "<p>This checkout session is complete.</p>"
            : $"""
              <form method="post" action="/stripe/checkout/{E(session.Id)}/pay">
                <p><label>Email <input name="email" value="{E(session.CustomerEmail ?? string.Empty)}" readonly></label></p>
                <p><label>Card number <input name="card_number" value="{TestCard}" autocomplete="off"></label></p>
                <p><label>Test scenario (optional) <input name="scenario" placeholder="[emulator:duplicate-webhook]"></label></p>
                <p><button type="submit">{what} {amount} {E(session.Currency.ToUpperInvariant())}</button></p>
              </form>
              <form method="post" action="/stripe/checkout/{E(session.Id)}/cancel"><button type="submit">Cancel</button></form>
              """;
        var html = $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Checkout (emulated Stripe)</title></head>
            <body>
              <h1>Checkout</h1>
              <p>Emulated Stripe test mode: nothing is charged. {E(session.PriceId)}: <strong>{amount} {E(session.Currency.ToUpperInvariant())}</strong>{(session.Mode == "subscription" ? " per period" : string.Empty)}</p>
              {(error is null ? string.Empty : $"<p role=\"alert\" style=\"color:#b00\">{E(error)}</p>")}
              {body}
            </body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    private static string E(string value) => WebUtility.HtmlEncode(value);
}
