using System.Globalization;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace AIVideo.Api.Auth;

/// <summary>The claims the Api puts in its tokens, and how handlers read the caller from them.</summary>
public static class AuthClaims
{
    /// <summary>Tells access tokens from refresh tokens, so neither is ever accepted as the other.</summary>
    public const string TokenType = "token_type";
    public const string AccessTokenType = "access";
    public const string RefreshTokenType = "refresh";

    public static long GetUserId(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(JwtRegisteredClaimNames.Sub) ?? throw new InvalidOperationException("The caller has no subject claim."), CultureInfo.InvariantCulture);

    public static Guid GetSessionId(this ClaimsPrincipal user) =>
        Guid.Parse(user.FindFirstValue(JwtRegisteredClaimNames.Sid) ?? throw new InvalidOperationException("The caller has no session claim."));
}
