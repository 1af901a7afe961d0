using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AIVideo.Api.Auth;

/// <summary>Mints and checks the Api's HS256 tokens. The same validation rules serve the JWT bearer handler.</summary>
public sealed class TokenService(IOptions<JwtOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly JwtOptions _options = options.Value;
    private readonly SymmetricSecurityKey _key = new(Encoding.UTF8.GetBytes(options.Value.SigningKey ?? string.Empty));

    public TimeSpan AccessTokenLifetime => _options.AccessTokenLifetime;

    public TimeSpan RefreshTokenLifetime => _options.RefreshTokenLifetime;

    /// <summary>Issuer, audience, lifetime and algorithm are all pinned; <c>alg: none</c> never validates.</summary>
    public TokenValidationParameters ValidationParameters => new()
    {
        ValidIssuer = _options.Issuer,
        ValidAudience = _options.Audience,
        IssuerSigningKey = _key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        ValidateIssuerSigningKey = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = JwtRegisteredClaimNames.Sub,
    };

    public IssuedToken CreateAccessToken(long userId, Guid sessionId) =>
        Create(userId, sessionId, Guid.NewGuid(), AuthClaims.AccessTokenType, _options.AccessTokenLifetime);

    public IssuedToken CreateRefreshToken(long userId, Guid sessionId, Guid tokenId) =>
        Create(userId, sessionId, tokenId, AuthClaims.RefreshTokenType, _options.RefreshTokenLifetime);

    /// <summary>Checks signature, lifetime and type of a refresh token; null when any of them is wrong.</summary>
    public async Task<RefreshTokenClaims?> ValidateRefreshTokenAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, ValidationParameters);
        if (!result.IsValid || !IsOfType(result.ClaimsIdentity, AuthClaims.RefreshTokenType))
        {
            return null;
        }

        var principal = new ClaimsPrincipal(result.ClaimsIdentity);
        return Guid.TryParse(result.ClaimsIdentity.FindFirst(JwtRegisteredClaimNames.Jti)?.Value, out var tokenId)
            ? new RefreshTokenClaims(principal.GetUserId(), principal.GetSessionId(), tokenId)
            : null;
    }

    public static bool IsOfType(ClaimsIdentity? identity, string tokenType) =>
        identity?.FindFirst(AuthClaims.TokenType)?.Value == tokenType;

    /// <summary>Refresh tokens are stored as this hash only: a database leak yields no usable token.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private IssuedToken Create(long userId, Guid sessionId, Guid tokenId, string tokenType, TimeSpan lifetime)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var expires = now + lifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _options.Issuer,
            Audience = _options.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = expires,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = userId.ToString(CultureInfo.InvariantCulture),
                [JwtRegisteredClaimNames.Sid] = sessionId.ToString(),
                [JwtRegisteredClaimNames.Jti] = tokenId.ToString(),
                [AuthClaims.TokenType] = tokenType,
            },
        });
        return new IssuedToken(token, tokenId, expires);
    }
}

public sealed record IssuedToken(string Value, Guid Id, DateTime ExpiresAt);

public sealed record RefreshTokenClaims(long UserId, Guid SessionId, Guid TokenId);
