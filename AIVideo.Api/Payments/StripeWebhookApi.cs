using AIVideo.Api.Infrastructure.Errors;
using AIVideo.Api.RateLimiting;
using Microsoft.Extensions.Options;
using Stripe;

namespace AIVideo.Api.Payments;

/// <summary>
/// <c>POST /api/v1/webhooks/stripe</c>: the only way credits are bought. Stripe.net checks the
/// <c>Stripe-Signature</c> (HMAC-SHA256 of <c>t.body</c> with the endpoint's secret, timestamp within
/// the tolerance) over the exact bytes received, so the body is read raw, never model-bound.
/// </summary>
public static partial class StripeWebhookApi
{
    public const string SignatureHeader = "Stripe-Signature";

    public static IEndpointRouteBuilder MapStripeWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost($"{ApiRoutes.Prefix}/webhooks/stripe", ReceiveStripeWebhook)
            .WithName(nameof(ReceiveStripeWebhook))
            .WithTags("Payments")
            .Accepts<object>("application/json")
            .RequireRateLimiting(RateLimitPolicies.Default)
            .ProducesErrors(StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    public static async Task<Results<Ok<WebhookReceivedResponse>, BadRequest<ErrorResponse>, JsonHttpResult<ErrorResponse>>> ReceiveStripeWebhook(
        HttpRequest request,
        IOptions<PaymentsOptions> payments,
        IOptions<StripeOptions> stripe,
        StripeWebhookProcessor processor,
        TimeProvider time,
        ILogger<StripeWebhookProcessor> logger,
        CancellationToken cancellationToken)
    {
        if (!payments.Value.Enabled)
        {
            return TypedResults.Json(new ErrorResponse("Payments are not enabled"), statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (request.Headers[SignatureHeader].ToString() is not { Length: > 0 } signature)
        {
            return TypedResults.BadRequest(new ErrorResponse("Missing Stripe-Signature header"));
        }

        using var reader = new StreamReader(request.Body);
        var payload = await reader.ReadToEndAsync(cancellationToken);
        Event stripeEvent;
        try
        {
            // The account's webhook endpoint may be on another API version than this Stripe.net;
            // the four events read only fields every recent version has.
            stripeEvent = EventUtility.ConstructEvent(
                payload, signature, stripe.Value.WebhookSecret,
                tolerance: (long)stripe.Value.WebhookTolerance.TotalSeconds,
                utcNow: time.GetUtcNow().ToUnixTimeSeconds(),
                throwOnApiVersionMismatch: false);
        }
        catch (StripeException exception)
        {
            LogRefused(logger, exception.Message);
            return TypedResults.BadRequest(new ErrorResponse("Invalid Stripe signature"));
        }
        catch (System.Text.Json.JsonException)
        {
            return TypedResults.BadRequest(new ErrorResponse("Invalid payload"));
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return TypedResults.BadRequest(new ErrorResponse("Invalid payload"));
        }

        var outcome = await processor.ProcessAsync(stripeEvent, cancellationToken);
        LogReceived(logger, stripeEvent.Id, stripeEvent.Type, outcome);
        return TypedResults.Ok(new WebhookReceivedResponse(true));
    }

    [LoggerMessage(LogLevel.Warning, "Stripe webhook refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    [LoggerMessage(LogLevel.Information, "Stripe event {EventId} ({EventType}): {Outcome}")]
    private static partial void LogReceived(ILogger logger, string eventId, string eventType, WebhookOutcome outcome);
}

public sealed record WebhookReceivedResponse(bool Received);
