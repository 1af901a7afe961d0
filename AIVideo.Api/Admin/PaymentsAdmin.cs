using System.ComponentModel.DataAnnotations;
using AIVideo.Api.Infrastructure.Validation;
using AIVideo.Core.Data;
using AIVideo.Core.Data.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AIVideo.Api.Admin;

/// <summary><c>GET /admin/payments</c>: purchases and subscriptions with their Stripe ids and state, newest first.</summary>
public static class PaymentsAdmin
{
    public static RouteGroupBuilder MapPaymentsAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/payments", ListPayments).WithName(nameof(ListPayments));
        return admin;
    }

    public static async Task<Ok<AdminPaymentsResponse>> ListPayments([AsParameters] AdminPaymentsQuery query, AIVideoDbContext db, CancellationToken cancellationToken)
    {
        var purchases = db.Purchases.AsQueryable();
        var subscriptions = db.PlanSubscriptions.AsQueryable();
        if (query.UserId is { } userId)
        {
            purchases = purchases.Where(p => p.UserId == userId);
            subscriptions = subscriptions.Where(s => s.UserId == userId);
        }

        var purchasePage = await purchases.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
            .Skip(query.Paging.Offset).Take(query.Paging.PageSizeOrDefault)
            .Select(p => new AdminPurchaseResponse(
                p.Id, p.UserId, p.ProductType, p.Status, p.Credits, p.AmountMinor / 100m, p.Currency,
                p.StripeSessionId, p.StripePaymentIntentId, p.StripeSubscriptionId, p.CreatedAt, p.UpdatedAt))
            .ToListAsync(cancellationToken);
        var subscriptionPage = await subscriptions.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id)
            .Skip(query.Paging.Offset).Take(query.Paging.PageSizeOrDefault)
            .Select(s => new AdminSubscriptionResponse(
                s.Id, s.UserId, s.PlanId, s.Status, s.CreditsPerPeriod, s.StripeSubscriptionId, s.CreatedAt, s.CanceledAt))
            .ToListAsync(cancellationToken);

        return TypedResults.Ok(new AdminPaymentsResponse(
            purchasePage, await purchases.CountAsync(cancellationToken),
            subscriptionPage, await subscriptions.CountAsync(cancellationToken),
            query.Paging.PageOrDefault, query.Paging.PageSizeOrDefault));
    }
}

public sealed record AdminPaymentsQuery(
    [property: FromQuery(Name = "user_id")] long? UserId,
    [property: FromQuery(Name = "page")] int? Page,
    [property: FromQuery(Name = "page_size")] int? PageSize) : IValidatable
{
    public Users.PageQuery Paging => new(Page, PageSize);

    public void Validate(ValidationErrors errors, ValidationContext context)
    {
        errors.Range(Location.Query("user_id"), UserId, 1, long.MaxValue);
        Paging.Validate(errors, context);
    }
}

public sealed record AdminPaymentsResponse(
    IReadOnlyList<AdminPurchaseResponse> Purchases, int TotalPurchases,
    IReadOnlyList<AdminSubscriptionResponse> Subscriptions, int TotalSubscriptions,
    int Page, int PageSize);

public sealed record AdminPurchaseResponse(
    long Id, long UserId, string ProductType, PurchaseStatus Status, decimal Credits, decimal Amount, string Currency,
    string StripeSessionId, string? StripePaymentIntentId, string? StripeSubscriptionId, DateTime CreatedAt, DateTime UpdatedAt);

public sealed record AdminSubscriptionResponse(
    long Id, long UserId, string PlanId, SubscriptionStatus Status, decimal CreditsPerPeriod, string StripeSubscriptionId, DateTime CreatedAt, DateTime? CanceledAt);
