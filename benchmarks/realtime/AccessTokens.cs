using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace RealtimeBench;

/// <summary>HS256 access tokens with the claims the Api issues (see AIVideo.Api/Auth/TokenService.cs).</summary>
internal static class AccessTokens
{
    public static string Create(string signingKey, long userId, Guid sessionId, string issuer = "aivideo-api", string audience = "aivideo-web")
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Encode("""{"alg":"HS256","typ":"JWT"}"""u8);
        var payload = Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["sub"] = userId.ToString(CultureInfo.InvariantCulture),
            ["sid"] = sessionId.ToString(),
            ["jti"] = Guid.NewGuid().ToString(),
            ["token_type"] = "access",
            ["iss"] = issuer,
            ["aud"] = audience,
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + 3600,
        }));
        var signature = Encode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey), Encoding.ASCII.GetBytes($"{header}.{payload}")));
        return $"{header}.{payload}.{signature}";
    }

    private static string Encode(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
