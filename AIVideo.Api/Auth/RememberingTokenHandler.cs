using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AIVideo.Api.Auth;

/// <summary>
/// The bearer handler's token handler, remembering the access tokens it found valid until they
/// expire. A signed-in client sends the same token with every request for the token's whole life,
/// and reading it and checking its signature again each time was about a quarter of a signed-in
/// request's CPU (docs/performance.md). Only valid tokens are remembered, each request gets its own
/// copy of the identity, and what can change while a token lives (logout, a replayed refresh token,
/// a deleted user) is still checked on every request, after this (<c>OnTokenValidated</c>).
/// </summary>
/// <remarks>The bearer scheme validates with one fixed set of parameters, so the token alone is the key.</remarks>
public sealed class RememberingTokenHandler(TimeProvider time) : JsonWebTokenHandler
{
    // A few KB each: at most a few tens of MB, far more tokens than a replica sees live at once.
    private const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, ValidToken> _valid = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (_valid.TryGetValue(token, out var known) && time.GetUtcNow().UtcDateTime < known.Token.ValidTo)
        {
            return new TokenValidationResult
            {
                IsValid = true,
                SecurityToken = known.Token,
                ClaimsIdentity = known.Identity.Clone(),
                TokenType = known.TokenType,
            };
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result is { IsValid: true, SecurityToken: JsonWebToken validated })
        {
            if (_valid.Count >= Capacity)
            {
                _valid.Clear();
            }

            _valid[token] = new ValidToken(validated, result.ClaimsIdentity.Clone(), result.TokenType);
        }

        return result;
    }

    private sealed record ValidToken(JsonWebToken Token, System.Security.Claims.ClaimsIdentity Identity, string? TokenType);
}
