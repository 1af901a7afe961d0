using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using AIVideo.Api.Infrastructure.Errors;
using AIVideo.Api.Infrastructure.Validation;
using AIVideo.Api.RateLimiting;
using AIVideo.Api.Users;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace AIVideo.Api.Auth;

public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup($"{ApiRoutes.Prefix}/auth").WithTags("Authentication").WithRequestValidation()
            .RequireRateLimiting(RateLimitPolicies.Default)
            .ProducesErrors(StatusCodes.Status429TooManyRequests);

        // Every one of them can answer 401: a refused Google code or refresh token, or no valid access token.
        auth.MapPost("/google", SignInWithGoogle).WithName(nameof(SignInWithGoogle)).RequireRateLimiting(RateLimitPolicies.Auth)
            .ProducesErrors(StatusCodes.Status401Unauthorized);
        auth.MapPost("/refresh", RefreshTokens).WithName(nameof(RefreshTokens)).RequireRateLimiting(RateLimitPolicies.Auth)
            .ProducesErrors(StatusCodes.Status401Unauthorized);
        auth.MapGet("/me", GetMe).WithName(nameof(GetMe)).RequireAuthorization().ProducesErrors(StatusCodes.Status401Unauthorized);
        auth.MapPost("/logout", Logout).WithName(nameof(Logout)).RequireAuthorization().ProducesErrors(StatusCodes.Status401Unauthorized);

        return app;
    }

    public static async Task<Results<Ok<TokenResponse>, BadRequest<ErrorResponse>, JsonHttpResult<ErrorResponse>, Conflict<ErrorResponse>>> SignInWithGoogle(
        GoogleSignInRequest request,
        GoogleSignInClient google,
        SessionService sessions,
        IOptions<GoogleOptions> options,
        CancellationToken cancellationToken)
    {
        if (!options.Value.AllowedRedirectUris.Contains(request.RedirectUri, StringComparer.Ordinal))
        {
            return TypedResults.BadRequest(new ErrorResponse("redirect_uri is not allowed"));
        }

        if (await google.ExchangeCodeAsync(request.Code!, request.RedirectUri!, cancellationToken) is not { } googleToken)
        {
            return ApiErrors.Unauthorized("Failed to exchange code for token");
        }

        if (await google.GetUserAsync(googleToken, cancellationToken) is not { } googleUser)
        {
            return ApiErrors.Unauthorized("Failed to get user information");
        }

        // An address Google has not verified proves nothing: whoever typed it could claim its account.
        if (!googleUser.EmailVerified)
        {
            return ApiErrors.Unauthorized("Google has not verified this email address");
        }

        return await sessions.SignInAsync(googleUser, cancellationToken) is { } pair
            ? TypedResults.Ok(TokenResponse.From(pair))
            : TypedResults.Conflict(new ErrorResponse("This email address belongs to another Google account"));
    }

    public static async Task<Results<Ok<TokenResponse>, JsonHttpResult<ErrorResponse>>> RefreshTokens(
        RefreshRequest request, SessionService sessions, CancellationToken cancellationToken) =>
        await sessions.RefreshAsync(request.RefreshToken!, cancellationToken) is { } pair
            ? TypedResults.Ok(TokenResponse.From(pair))
            : ApiErrors.Unauthorized("Invalid refresh token");

    public static Task<Results<Ok<UserResponse>, JsonHttpResult<ErrorResponse>>> GetMe(
        ClaimsPrincipal user, UserReads reads, HttpContext http, CancellationToken cancellationToken) =>
        UsersApi.GetProfile(user, reads, http, cancellationToken);

    public static async Task<NoContent> Logout(ClaimsPrincipal user, SessionService sessions, CancellationToken cancellationToken)
    {
        var tokenId = user.FindFirstValue(JwtRegisteredClaimNames.Jti)!;
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(long.Parse(user.FindFirstValue(JwtRegisteredClaimNames.Exp)!, System.Globalization.CultureInfo.InvariantCulture)).UtcDateTime;
        await sessions.LogoutAsync(user.GetUserId(), user.GetSessionId(), tokenId, expiresAt, cancellationToken);
        return TypedResults.NoContent();
    }
}

public sealed record GoogleSignInRequest(string? Code, string? RedirectUri) : IValidatable
{
    public void Validate(ValidationErrors errors, ValidationContext context)
    {
        errors.RequiredString(Location.Body("code"), Code, 1, 4096);
        errors.RequiredString(Location.Body("redirect_uri"), RedirectUri, 1, 2048);
    }
}

public sealed record RefreshRequest(string? RefreshToken) : IValidatable
{
    public void Validate(ValidationErrors errors, ValidationContext context) =>
        errors.RequiredString(Location.Body("refresh_token"), RefreshToken, 1, 4096);
}

public sealed record TokenResponse(string AccessToken, string RefreshToken, string TokenType, int ExpiresIn)
{
    public static TokenResponse From(TokenPair pair) => new(pair.AccessToken, pair.RefreshToken, "bearer", pair.ExpiresIn);
}
