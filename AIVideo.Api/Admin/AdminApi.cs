using System.ComponentModel.DataAnnotations;
using AIVideo.Api.Admin.Content;
using AIVideo.Api.Infrastructure.Errors;
using AIVideo.Api.Infrastructure.Validation;
using AIVideo.Api.RateLimiting;
using AIVideo.Api.Users;
using AIVideo.Core.Credits;
using AIVideo.Core.Data;
using AIVideo.Core.Data.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AIVideo.Api.Admin;

public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup($"{ApiRoutes.Prefix}/admin").WithTags("Admin")
            .RequireAuthorization(AdminAuthentication.Policy)
            .WithRequestValidation()
            .RequireRateLimiting(RateLimitPolicies.Default)
            .ProducesErrors(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status429TooManyRequests);

        admin.MapGet("/users", FindUsers).WithName(nameof(FindUsers));
        admin.MapPost("/users/{user_id}/credits", GrantCredits).WithName(nameof(GrantCredits));
        admin.MapShowcaseContentApi();
        admin.MapPaymentsAdmin();

        return app;
    }

    public static async Task<Ok<AdminUserListResponse>> FindUsers(
        [AsParameters] AdminUserQuery query, AIVideoDbContext db, CancellationToken cancellationToken)
    {
        var users = db.Users.AsQueryable();
        if (query.Email is { Length: > 0 } email)
        {
            // Emails are stored lower-case (sign-in normalises them), so this stays an index lookup.
            var normalized = email.Trim().ToLowerInvariant();
            users = users.Where(u => u.Email == normalized);
        }

        var total = await users.CountAsync(cancellationToken);
        var page = await users.OrderBy(u => u.Id)
            .Skip(query.Paging.Offset).Take(query.Paging.PageSizeOrDefault)
            .Select(UserResponse.Projection)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new AdminUserListResponse(page, total, query.Paging.PageOrDefault, query.Paging.PageSizeOrDefault));
    }

    public static async Task<Results<Ok<CreditsResponse>, NotFound<ErrorResponse>>> GrantCredits(
        [FromRoute(Name = "user_id")] long userId, AdminGrantRequest request, CreditLedger ledger, CancellationToken cancellationToken) =>
        await ledger.GrantAsync(userId, request.Amount!.Value, CreditReason.AdminGrant, request.Reason, cancellationToken) is { } balance
            ? TypedResults.Ok(new CreditsResponse(balance, userId))
            : TypedResults.NotFound(new ErrorResponse($"User with id {userId} not found"));
}

public sealed record AdminUserQuery(
    [property: FromQuery(Name = "email")] string? Email,
    [property: FromQuery(Name = "page")] int? Page,
    [property: FromQuery(Name = "page_size")] int? PageSize) : IValidatable
{
    public PageQuery Paging => new(Page, PageSize);

    public void Validate(ValidationErrors errors, ValidationContext context)
    {
        errors.Length(Location.Query("email"), Email, 1, 320);
        Paging.Validate(errors, context);
    }
}

public sealed record AdminGrantRequest(decimal? Amount, string? Reason) : IValidatable
{
    /// <summary>Credits are numeric(12,2): more decimals would be rounded away silently.</summary>
    public void Validate(ValidationErrors errors, ValidationContext context)
    {
        if (Amount is null)
        {
            errors.Missing(Location.Body("amount"));
        }
        else if (Amount <= 0 || Amount > 1_000_000m)
        {
            errors.Add(Location.Body("amount"), "ensure this value is greater than 0 and at most 1000000", "value_error.number.not_in_range");
        }
        else if (decimal.Round(Amount.Value, 2) != Amount)
        {
            errors.Add(Location.Body("amount"), "ensure that there are no more than 2 decimal places", "value_error.decimal.max_places");
        }

        errors.Length(Location.Body("reason"), Reason, 1, 200);
    }
}

public sealed record AdminUserListResponse(IReadOnlyList<UserResponse> Users, int Total, int Page, int PageSize);
