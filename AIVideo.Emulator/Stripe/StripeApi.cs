using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace AIVideo.Emulator.Stripe;

/// <summary>
/// The Stripe API calls the Api makes through Stripe.net (its API base pointed at <c>/stripe</c>),
/// with Stripe's form-encoded requests and error bodies, plus two calls of Stripe's own API a test
/// or a person uses to drive what happens after a payment: cancel a subscription, refund a payment.
/// One call is the Emulator's own, standing in for Stripe's billing clock: bill a subscription's next period.
/// </summary>
public static class StripeApi
{
    public static IHostApplicationBuilder AddStripeEmulation(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StripeEmulatorOptions>().BindConfiguration(StripeEmulatorOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<StripeAccounts>();
        builder.Services.AddSingleton<StripeStore>();
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddHttpClient(WebhookSender.HttpClientName);
        return builder;
    }

    public static IEndpointRouteBuilder MapStripeApi(this IEndpointRouteBuilder app)
    {
        var stripe = app.MapGroup("/stripe").WithTags("Stripe");
        var api = stripe.MapGroup("/v1").AddEndpointFilter(RequireApiKey).DisableAntiforgery();
        api.MapPost("/checkout/sessions", CreateSession);
        api.MapGet("/checkout/sessions/{id}", GetSession);
        api.MapDelete("/subscriptions/{id}", CancelSubscription);
        api.MapPost("/refunds", CreateRefund);
        stripe.MapPost("/emulator/subscriptions/{id}/renew", RenewSubscription);
        stripe.MapCheckoutPage();
        return app;
    }

    public static async Task<IResult> CreateSession(HttpRequest request, StripeStore store, IOptions<StripeEmulatorOptions> options)
    {
        var form = await request.ReadFormAsync();
        var mode = (string?)form["mode"];
        var priceId = (string?)form["line_items[0][price]"];
        if (mode is not ("payment" or "subscription"))
        {
            return InvalidRequest("Invalid mode: must be one of payment, setup, or subscription", "mode");
        }

        if (priceId is null || !options.Value.Prices.TryGetValue(priceId, out var price))
        {
            return InvalidRequest($"No such price: '{priceId}'", "line_items[0][price]", "resource_missing");
        }

        if ((mode == "subscription") != (price.Interval is not null))
        {
            return InvalidRequest(mode == "subscription"
                ? "You must provide at least one recurring price in `subscription` mode when using prices."
                : "You specified `payment` mode but passed a recurring price.", "line_items[0][price]");
        }

        if (form["success_url"].ToString() is not { Length: > 0 } successUrl || form["cancel_url"].ToString() is not { Length: > 0 } cancelUrl)
        {
            return InvalidRequest("Missing required param: success_url.", "success_url", "parameter_missing");
        }

        var id = StripeStore.NewId("cs_test");
        var session = store.Add(new EmulatedSession
        {
            Id = id,
            ApiKey = ApiKeyOf(request)!,
            ApiVersion = request.Headers["Stripe-Version"].ToString() is { Length: > 0 } version ? version : "2025-01-01",
            Mode = mode,
            PriceId = priceId,
            AmountTotal = price.UnitAmount,
            Currency = price.Currency,
            SuccessUrl = successUrl,
            CancelUrl = cancelUrl,
            ClientReferenceId = form["client_reference_id"],
            CustomerEmail = form["customer_email"],
            Metadata = Prefixed(form, "metadata"),
            SubscriptionMetadata = Prefixed(form, "subscription_data[metadata]"),
            PaymentIntentMetadata = Prefixed(form, "payment_intent_data[metadata]"),
            Created = store.Now,
            Url = new Uri($"{request.Scheme}://{request.Host}/stripe/checkout/{id}"),
        });
        return Json(StripeObjects.Session(session));
    }

    public static IResult GetSession(string id, StripeStore store) =>
        store.Session(id) is { } session ? Json(StripeObjects.Session(session)) : NoSuch("checkout.session", id);

    /// <summary>Stripe's <c>DELETE /v1/subscriptions/{id}</c>: cancels now and sends <c>customer.subscription.deleted</c>.</summary>
    public static async Task<IResult> CancelSubscription(string id, StripeStore store, WebhookSender webhooks, CancellationToken cancellationToken)
    {
        if (store.Cancel(id) is not { } subscription)
        {
            return NoSuch("subscription", id);
        }

        var data = StripeObjects.Subscription(subscription);
        await webhooks.DeliverAsync(subscription.ApiKey, [webhooks.Event("customer.subscription.deleted", data, subscription.ApiVersion)], 1, cancellationToken);
        return Json(StripeObjects.Subscription(subscription));
    }

    /// <summary>Stripe's <c>POST /v1/refunds</c> (<c>payment_intent</c> or <c>charge</c>): a full refund, then <c>charge.refunded</c>.</summary>
    public static async Task<IResult> CreateRefund(HttpRequest request, StripeStore store, WebhookSender webhooks, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var target = form["payment_intent"].ToString() is { Length: > 0 } intent ? intent : form["charge"].ToString();
        if (store.Refund(target) is not { } charge)
        {
            return InvalidRequest($"No refundable charge for '{target}'", "payment_intent", "charge_already_refunded");
        }

        await webhooks.DeliverAsync(charge.ApiKey, [webhooks.Event("charge.refunded", StripeObjects.Charge(charge), charge.ApiVersion)], 1, cancellationToken);
        return Json(StripeObjects.Refund(charge));
    }

    /// <summary>The Emulator's billing clock: the next period of an active subscription is paid now.</summary>
    public static async Task<IResult> RenewSubscription(string id, StripeStore store, WebhookSender webhooks, CancellationToken cancellationToken)
    {
        if (store.Subscription(id) is not { Status: "active" } subscription)
        {
            return InvalidRequest($"Subscription '{id}' is not active", "id");
        }

        var invoice = StripeObjects.PaidInvoice(subscription, "subscription_cycle", store.Now);
        await webhooks.DeliverAsync(subscription.ApiKey, [webhooks.Event("invoice.payment_succeeded", invoice, subscription.ApiVersion)], 1, cancellationToken);
        return Json(invoice);
    }

    private static async ValueTask<object?> RequireApiKey(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        ApiKeyOf(context.HttpContext.Request) is { Length: > 0 }
            ? await next(context)
            : Results.Json(StripeObjects.Error("invalid_request_error", "You did not provide an API key."), statusCode: StatusCodes.Status401Unauthorized);

    private static string? ApiKeyOf(HttpRequest request) =>
        request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null;

    /// <summary>Stripe's nested form keys: <c>metadata[user_id]=1</c> → <c>{user_id: 1}</c>.</summary>
    private static Dictionary<string, string> Prefixed(IFormCollection form, string prefix) =>
        form.Where(f => f.Key.StartsWith(prefix + "[", StringComparison.Ordinal) && f.Key.EndsWith(']'))
            .ToDictionary(f => f.Key[(prefix.Length + 1)..^1], f => f.Value.ToString(), StringComparer.Ordinal);

    private static IResult Json(JsonObject body) => Results.Text(body.ToJsonString(), "application/json");

    private static IResult InvalidRequest(string message, string param, string? code = null) =>
        Results.Json(StripeObjects.Error("invalid_request_error", message, code, param), statusCode: StatusCodes.Status400BadRequest);

    private static IResult NoSuch(string what, string id) =>
        Results.Json(StripeObjects.Error("invalid_request_error", $"No such {what}: '{id}'", "resource_missing", "id"), statusCode: StatusCodes.Status404NotFound);
}
