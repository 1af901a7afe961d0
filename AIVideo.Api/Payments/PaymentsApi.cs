using System.Security.Claims;
using AIVideo.Api.Auth;
using AIVideo.Api.Infrastructure.Errors;
using AIVideo.Api.Infrastructure.Validation;
using AIVideo.Api.RateLimiting;
using AIVideo.Core.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stripe;

namespace AIVideo.Api.Payments;

public static partial class PaymentsApi
{
    public static IEndpointRouteBuilder MapPaymentsApi(this IEndpointRouteBuilder app)
    {
        var payments = app.MapGroup($"{ApiRoutes.Prefix}/payments").WithTags("Payments").WithRequestValidation()
            .AddEndpointFilter(RefuseWhenDisabled)
            .RequireRateLimiting(RateLimitPolicies.Default)
            .ProducesErrors(StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable);

        payments.MapGet("/pricing", GetPricing).WithName(nameof(GetPricing));

        var mine = payments.MapGroup(string.Empty).RequireAuthorization().ProducesErrors(StatusCodes.Status401Unauthorized);
        mine.MapPost("/create-checkout-session", CreateCheckoutSession).WithName(nameof(CreateCheckoutSession))
            .ProducesErrors(StatusCodes.Status502BadGateway);
        mine.MapGet("/session/{session_id}", GetCheckoutSession).WithName(nameof(GetCheckoutSession))
            .ProducesErrors(StatusCodes.Status502BadGateway);
        mine.MapGet("/config", GetPaymentsConfig).WithName(nameof(GetPaymentsConfig));

        app.MapStripeWebhook();
        return app;
    }

    public static Ok<PricingResponse> GetPricing(PaymentCatalog catalog) => TypedResults.Ok(catalog.ToResponse());

    public static async Task<Results<Ok<CheckoutSessionResponse>, BadRequest<ErrorResponse>, JsonHttpResult<ErrorResponse>>> CreateCheckoutSession(
        CreateCheckoutSessionRequest request, ClaimsPrincipal user, CheckoutSessions checkout, ILogger<CheckoutSessions> logger, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await checkout.CreateAsync(user.GetUserId(), request, cancellationToken);
            return outcome.Session is { } session ? TypedResults.Ok(session) : TypedResults.BadRequest(new ErrorResponse(outcome.Refusal!));
        }
        catch (StripeException exception)
        {
            return PaymentProviderFailed(logger, exception);
        }
    }

    public static async Task<Results<Ok<SessionStatusResponse>, NotFound<ErrorResponse>, JsonHttpResult<ErrorResponse>>> GetCheckoutSession(
        [FromRoute(Name = "session_id")] string sessionId,
        ClaimsPrincipal user,
        AIVideoDbContext db,
        IStripeClient stripe,
        ILogger<CheckoutSessions> logger,
        CancellationToken cancellationToken)
    {
        // Only the owner's sessions: anyone else's, like an unknown one, is not found.
        var userId = user.GetUserId();
        if (!await db.Purchases.AnyAsync(p => p.StripeSessionId == sessionId && p.UserId == userId, cancellationToken))
        {
            return TypedResults.NotFound(new ErrorResponse("Session not found"));
        }

        try
        {
            var session = await new Stripe.Checkout.SessionService(stripe).GetAsync(sessionId, cancellationToken: cancellationToken);
            return TypedResults.Ok(new SessionStatusResponse(
                session.PaymentStatus, session.Id, session.PaymentIntentId, session.AmountTotal / 100m, session.Currency));
        }
        catch (StripeException exception)
        {
            return PaymentProviderFailed(logger, exception);
        }
    }

    public static Ok<PaymentsConfigResponse> GetPaymentsConfig(IOptions<StripeOptions> stripe) =>
        TypedResults.Ok(new PaymentsConfigResponse(stripe.Value.PublishableKey, stripe.Value.Environment));

    /// <summary>Stripe refused or failed: logged in full, answered as a bad gateway without its text.</summary>
    private static JsonHttpResult<ErrorResponse> PaymentProviderFailed(ILogger logger, StripeException exception)
    {
        LogStripeFailed(logger, exception, exception.StripeError?.Code);
        return TypedResults.Json(new ErrorResponse("Payment provider error"), statusCode: StatusCodes.Status502BadGateway);
    }

    private static async ValueTask<object?> RefuseWhenDisabled(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.RequestServices.GetRequiredService<IOptions<PaymentsOptions>>().Value.Enabled
            ? await next(context)
            : TypedResults.Json(new ErrorResponse("Payments are not enabled"), statusCode: StatusCodes.Status503ServiceUnavailable);

    [LoggerMessage(LogLevel.Error, "Stripe call failed (code {Code})")]
    private static partial void LogStripeFailed(ILogger logger, Exception exception, string? code);
}
