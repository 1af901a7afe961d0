using System.Security.Claims;
using System.Text;
using AIVideo.Api.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AIVideo.Tests.Auth;

/// <summary>A remembered token is believed exactly as long as validating it again would succeed, and no longer.</summary>
public sealed class RememberingTokenHandlerTests
{
    private static readonly SymmetricSecurityKey s_key = new(Encoding.UTF8.GetBytes("a-test-signing-key-of-at-least-32-bytes!"));
    private readonly MovableClock _clock = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_remembered_token_is_refused_once_it_expires()
    {
        var handler = new RememberingTokenHandler(_clock);
        var token = CreateToken(lifetime: TimeSpan.FromMinutes(1));
        Assert.True((await handler.ValidateTokenAsync(token, Parameters())).IsValid);
        Assert.True((await handler.ValidateTokenAsync(token, Parameters())).IsValid);

        _clock.Now += TimeSpan.FromMinutes(2);

        Assert.False((await handler.ValidateTokenAsync(token, Parameters())).IsValid);
    }

    [Fact]
    public async Task Each_validation_gets_an_identity_of_its_own()
    {
        var handler = new RememberingTokenHandler(_clock);
        var token = CreateToken(lifetime: TimeSpan.FromMinutes(15));
        var first = await handler.ValidateTokenAsync(token, Parameters());

        first.ClaimsIdentity.AddClaim(new Claim("role", "admin"));
        var second = await handler.ValidateTokenAsync(token, Parameters());

        Assert.True(second.IsValid);
        Assert.Equal("42", second.ClaimsIdentity.FindFirst("sub")?.Value);
        Assert.Null(second.ClaimsIdentity.FindFirst("role"));
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
    }

    [Fact]
    public async Task A_token_with_a_bad_signature_is_never_believed()
    {
        var handler = new RememberingTokenHandler(_clock);
        var token = CreateToken(lifetime: TimeSpan.FromMinutes(15));
        var forged = token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA");

        Assert.False((await handler.ValidateTokenAsync(forged, Parameters())).IsValid);
        Assert.False((await handler.ValidateTokenAsync(forged, Parameters())).IsValid);
        Assert.True((await handler.ValidateTokenAsync(token, Parameters())).IsValid);
    }

    private string CreateToken(TimeSpan lifetime) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Claims = new Dictionary<string, object> { ["sub"] = "42" },
        IssuedAt = _clock.Now.UtcDateTime,
        NotBefore = _clock.Now.UtcDateTime,
        Expires = (_clock.Now + lifetime).UtcDateTime,
        SigningCredentials = new SigningCredentials(s_key, SecurityAlgorithms.HmacSha256),
    });

    // The lifetime check reads the same clock as the handler, so moving it is seen by both.
    private TokenValidationParameters Parameters() => new()
    {
        IssuerSigningKey = s_key,
        ValidateIssuer = false,
        ValidateAudience = false,
        ClockSkew = TimeSpan.Zero,
        LifetimeValidator = (notBefore, expires, _, _) => notBefore <= _clock.Now.UtcDateTime && _clock.Now.UtcDateTime < expires,
    };

    private sealed class MovableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
