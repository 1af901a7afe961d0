using System.Globalization;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AIVideo.Tests.Support;

/// <summary>Mints tokens the way the Api and Entra do, with knobs to make them wrong in one way at a time.</summary>
internal static class TestTokens
{
    private static readonly JsonWebTokenHandler s_handler = new();

    public static string User(
        long userId,
        Guid sessionId,
        string tokenType = "access",
        DateTime? expires = null,
        string issuer = TestKeys.JwtIssuer,
        string audience = TestKeys.JwtAudience,
        string signingKey = TestKeys.JwtSigningKey)
    {
        var expiresAt = expires ?? DateTime.UtcNow.AddMinutes(30);
        return s_handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = expiresAt.AddMinutes(-30),
            NotBefore = expiresAt.AddMinutes(-30),
            Expires = expiresAt,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = userId.ToString(CultureInfo.InvariantCulture),
                [JwtRegisteredClaimNames.Sid] = sessionId.ToString(),
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString(),
                ["token_type"] = tokenType,
            },
        });
    }

    /// <summary>The same claims, unsigned, with <c>alg: none</c>.</summary>
    public static string UnsignedUser(long userId, Guid sessionId)
    {
        var now = DateTimeOffset.UtcNow;
        var header = Base64Url("""{"alg":"none","typ":"JWT"}""");
        var payload = Base64Url($$"""{"sub":"{{userId}}","sid":"{{sessionId}}","jti":"{{Guid.NewGuid()}}","token_type":"access","iss":"{{TestKeys.JwtIssuer}}","aud":"{{TestKeys.JwtAudience}}","nbf":{{now.ToUnixTimeSeconds()}},"iat":{{now.ToUnixTimeSeconds()}},"exp":{{now.AddMinutes(30).ToUnixTimeSeconds()}}}""");
        return $"{header}.{payload}.";
    }

    /// <summary>Flips one character of the signature.</summary>
    public static string Tampered(string token)
    {
        var last = token[^2] == 'A' ? 'B' : 'A';
        return token[..^2] + last + token[^1];
    }

    /// <summary>An Entra ID v2 access token for the Api's app registration, as an admin client would present it.</summary>
    public static string Entra(string[] roles, string? tenantId = null, string audience = TestKeys.EntraClientId)
    {
        var tid = tenantId ?? TestKeys.EntraTenantId;
        var now = DateTime.UtcNow;
        return s_handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = $"https://login.microsoftonline.com/{tid}/v2.0",
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            SigningCredentials = new SigningCredentials(TestKeys.EntraSigningKey, SecurityAlgorithms.RsaSha256),
            Claims = new Dictionary<string, object>
            {
                ["tid"] = tid,
                ["oid"] = Guid.NewGuid().ToString(),
                ["sub"] = Guid.NewGuid().ToString(),
                ["azp"] = Guid.NewGuid().ToString(),
                ["ver"] = "2.0",
                ["roles"] = roles,
            },
        });
    }

    private static string Base64Url(string json) => Base64UrlEncoder.Encode(json);
}
