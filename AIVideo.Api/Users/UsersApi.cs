using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using AIVideo.Api.Auth;
using AIVideo.Api.Infrastructure.Errors;
using AIVideo.Api.Infrastructure.Validation;
using AIVideo.Api.RateLimiting;
using AIVideo.Core.Data;
using AIVideo.Core.Data.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AIVideo.Api.Users;

public static class UsersApi
{
    public static WebApplicationBuilder AddUsers(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<UserReadOptions>().BindConfiguration(UserReadOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<UserReads>();
        builder.Services.AddHostedService<UserChangeListener>();
        return builder;
    }

    /// <summary>
    /// After a signed-in write, this replica forgets the caller's copies at once rather than when
    /// PostgreSQL's report arrives a moment later: the caller's next read, if it lands here, sees the write.
    /// </summary>
    public static TBuilder ForgetsCallerReadsAfterWrites<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            var http = context.HttpContext;
            if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && http.User.Identity?.IsAuthenticated == true)
            {
                http.RequestServices.GetRequiredService<UserReads>().Forget(http.User.GetUserId());
            }

            return result;
        });

    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup($"{ApiRoutes.Prefix}/users").WithTags("Users").RequireAuthorization().WithRequestValidation()
            .ForgetsCallerReadsAfterWrites()
            .RequireRateLimiting(RateLimitPolicies.Default)
            .ProducesErrors(StatusCodes.Status401Unauthorized, StatusCodes.Status429TooManyRequests);

        users.MapGet("/profile", GetProfile).WithName(nameof(GetProfile));
        users.MapPatch("/profile", UpdateProfile).WithName(nameof(UpdateProfile));
        users.MapGet("/credits", GetCredits).WithName(nameof(GetCredits));
        users.MapGet("/credits/history", GetCreditHistory).WithName(nameof(GetCreditHistory));

        return app;
    }

    public static async Task<Results<Ok<UserResponse>, JsonHttpResult<ErrorResponse>>> GetProfile(
        ClaimsPrincipal user, UserReads reads, HttpContext http, CancellationToken cancellationToken)
    {
        var profile = await reads.ProfileAsync(http.RequestServices, user.GetUserId(), cancellationToken);
        // The authentication handler checked the user exists; a concurrent deletion lands here.
        return profile is null ? ApiErrors.Unauthorized("Invalid authentication credentials") : TypedResults.Ok(profile);
    }

    public static async Task<Results<Ok<UserResponse>, JsonHttpResult<ErrorResponse>>> UpdateProfile(
        UpdateProfileRequest request, ClaimsPrincipal user, AIVideoDbContext db, UserReads reads, HttpContext http, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request is { Name: null, AvatarUrl: null })
        {
            // Nothing to change (absent or null fields are left as they are): not even updated_at.
            return await GetProfile(user, reads, http, cancellationToken);
        }

        var userId = user.GetUserId();
        var now = time.GetUtcNow().UtcDateTime;
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.Name, u => request.Name ?? u.Name)
            .SetProperty(u => u.AvatarUrl, u => request.AvatarUrl ?? u.AvatarUrl)
            .SetProperty(u => u.UpdatedAt, now), cancellationToken);
        // The answer is read after the write, not from the copy kept before it.
        reads.Forget(userId);
        return await GetProfile(user, reads, http, cancellationToken);
    }

    public static async Task<Results<Ok<CreditsResponse>, JsonHttpResult<ErrorResponse>>> GetCredits(
        ClaimsPrincipal user, UserReads reads, HttpContext http, CancellationToken cancellationToken)
    {
        var profile = await reads.ProfileAsync(http.RequestServices, user.GetUserId(), cancellationToken);
        return profile is null
            ? ApiErrors.Unauthorized("Invalid authentication credentials")
            : TypedResults.Ok(new CreditsResponse(profile.Credits, profile.Id));
    }

    public static async Task<Ok<CreditHistoryResponse>> GetCreditHistory(
        [AsParameters] PageQuery query, ClaimsPrincipal user, AIVideoDbContext db, CancellationToken cancellationToken)
    {
        var userId = user.GetUserId();
        var mine = db.CreditTransactions.Where(t => t.UserId == userId);
        var total = await mine.CountAsync(cancellationToken);
        var transactions = await mine
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Skip(query.Offset)
            .Take(query.PageSizeOrDefault)
            .Select(t => new CreditTransactionResponse(t.Id, t.Amount, t.Reason, t.VideoId, t.BalanceAfter, t.CreatedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new CreditHistoryResponse(transactions, total, query.PageOrDefault, query.PageSizeOrDefault));
    }
}

public sealed record UserResponse(long Id, string Email, string? Name, string? AvatarUrl, decimal Credits, DateTime CreatedAt)
{
    public static readonly System.Linq.Expressions.Expression<Func<User, UserResponse>> Projection =
        u => new UserResponse(u.Id, u.Email, u.Name, u.AvatarUrl, u.Credits, u.CreatedAt);

    /// <summary>
    /// The user's profile, or null. Compiled once: GET /auth/me runs it on every call, and EF Core
    /// would otherwise translate the expression again each time (docs/performance.md).
    /// </summary>
    public static readonly Func<AIVideoDbContext, long, CancellationToken, Task<UserResponse?>> FindAsync = EF.CompileAsyncQuery(
        (AIVideoDbContext db, long userId, CancellationToken _) => db.Users
            .Where(u => u.Id == userId)
            .Select(Projection)
            .SingleOrDefault());
}

public sealed record UpdateProfileRequest(string? Name, string? AvatarUrl) : IValidatable
{
    public void Validate(ValidationErrors errors, ValidationContext context)
    {
        errors.Length(Location.Body("name"), Name, 1, 100);
        if (errors.Length(Location.Body("avatar_url"), AvatarUrl, 1, 500)
            && AvatarUrl is not null
            && !(Uri.TryCreate(AvatarUrl, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps))
        {
            errors.Add(Location.Body("avatar_url"), "invalid or missing URL scheme; an absolute https URL is required", "value_error.url.scheme");
        }
    }
}

public sealed record CreditsResponse(decimal Credits, long UserId);

public sealed record CreditTransactionResponse(long Id, decimal Amount, CreditReason Reason, long? VideoId, decimal BalanceAfter, DateTime CreatedAt);

public sealed record CreditHistoryResponse(IReadOnlyList<CreditTransactionResponse> Transactions, int Total, int Page, int PageSize);

/// <summary><c>page</c> ≥ 1 (default 1) and <c>page_size</c> 1–100 (default 20), as every paged list of the contract.</summary>
public sealed record PageQuery(
    [property: FromQuery(Name = "page")] int? Page,
    [property: FromQuery(Name = "page_size")] int? PageSize) : IValidatable
{
    public int PageOrDefault => Page ?? 1;

    public int PageSizeOrDefault => PageSize ?? 20;

    /// <summary>Rows to skip; clamped, since a huge page number would overflow an int.</summary>
    public int Offset => (int)Math.Min(int.MaxValue, (PageOrDefault - 1L) * PageSizeOrDefault);

    public void Validate(ValidationErrors errors, ValidationContext context)
    {
        errors.Range(Location.Query("page"), Page, 1, int.MaxValue);
        errors.Range(Location.Query("page_size"), PageSize, 1, 100);
    }
}
