using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Json;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AIVideo.Tests.Auth;

public sealed class TokenTests(TestServices services, EmulatorServer emulator) : ApiTestBase(services, emulator)
{

    public static TheoryData<string> BadTokenKinds => ["expired", "tampered", "alg-none", "wrong-issuer", "wrong-audience", "wrong-key", "garbage"];

    [Theory]
    [MemberData(nameof(BadTokenKinds))]
    public async Task A_bad_token_is_invalid_credentials(string kind)
    {
        var (userId, sessionId) = await SignInAndReadIdsAsync("dora@example.com");
        var token = kind switch
        {
            "expired" => TestTokens.User(userId, sessionId, expires: DateTime.UtcNow.AddMinutes(-5)),
            "tampered" => TestTokens.Tampered(TestTokens.User(userId, sessionId)),
            "alg-none" => TestTokens.UnsignedUser(userId, sessionId),
            "wrong-issuer" => TestTokens.User(userId, sessionId, issuer: "someone-else"),
            "wrong-audience" => TestTokens.User(userId, sessionId, audience: "someone-else"),
            "wrong-key" => TestTokens.User(userId, sessionId, signingKey: "another-key-that-is-long-enough-0123456789"),
            _ => "not-a-jwt",
        };

        var response = await Client.GetAsync("/api/v1/auth/me", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Invalid authentication credentials", await response.ReadDetailAsync());
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task A_well_formed_token_minted_with_the_test_key_is_accepted()
    {
        // The control for the theory above: only the one thing made wrong there is wrong.
        var (userId, sessionId) = await SignInAndReadIdsAsync("erin@example.com");

        var response = await Client.GetAsync("/api/v1/auth/me", TestTokens.User(userId, sessionId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_refresh_token_is_not_an_access_token()
    {
        var tokens = await Client.SignInAsDevAsync("frank@example.com");

        var response = await Client.GetAsync("/api/v1/auth/me", tokens.RefreshToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Invalid authentication credentials", await response.ReadDetailAsync());
    }

    [Fact]
    public async Task An_access_token_is_not_a_refresh_token()
    {
        var tokens = await Client.SignInAsDevAsync("gina@example.com");

        var response = await RefreshAsync(tokens.AccessToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Invalid refresh token", await response.ReadDetailAsync());
    }

    [Fact]
    public async Task Refreshing_rotates_and_reusing_a_rotated_token_ends_the_session()
    {
        var first = await Client.SignInAsDevAsync("hank@example.com");

        var rotated = await RefreshAsync(first.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var second = await rotated.ReadJsonAsync();
        var secondAccess = (string)second["access_token"]!;
        var secondRefresh = (string)second["refresh_token"]!;
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/api/v1/auth/me", secondAccess)).StatusCode);

        var replay = await RefreshAsync(first.RefreshToken);

        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Equal("Invalid refresh token", await replay.ReadDetailAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(secondRefresh)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.GetAsync("/api/v1/auth/me", secondAccess)).StatusCode);
    }

    [Fact]
    public async Task Of_parallel_refreshes_of_one_token_at_most_one_succeeds()
    {
        var tokens = await Client.SignInAsDevAsync("iris@example.com");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => RefreshAsync(tokens.RefreshToken)));

        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.OK) <= 1);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Unauthorized }));
    }

    [Fact]
    public async Task Refresh_tokens_are_stored_only_as_hashes()
    {
        var tokens = await Client.SignInAsDevAsync("jack@example.com");

        await using var db = TestDatabases.CreateDbContext(Api.DatabaseConnectionString);
        var stored = await db.RefreshTokens.Select(t => t.TokenHash).ToListAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain(tokens.RefreshToken, stored);
        Assert.Contains(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(tokens.RefreshToken))), stored);
    }

    [Fact]
    public async Task Logout_ends_both_tokens()
    {
        var tokens = await Client.SignInAsDevAsync("kate@example.com");

        var logout = await Client.SendAsync(HttpMethod.Post, "/api/v1/auth/logout", tokens.AccessToken);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        var me = await Client.GetAsync("/api/v1/auth/me", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Equal("Invalid authentication credentials", await me.ReadDetailAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(tokens.RefreshToken)).StatusCode);
    }

    [Fact]
    public async Task Logout_denylists_the_access_token_in_redis_until_it_expires()
    {
        var tokens = await Client.SignInAsDevAsync("liam@example.com");
        var jti = new JwtSecurityTokenHandler().ReadJwtToken(tokens.AccessToken).Id;

        await Client.SendAsync(HttpMethod.Post, "/api/v1/auth/logout", tokens.AccessToken);

        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(Services.Redis.ConnectionString);
        var ttl = await redis.GetDatabase().KeyTimeToLiveAsync($"aivideo:auth:denied:{jti}");
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMinutes(25), TimeSpan.FromMinutes(30));
    }

    [Fact]
    public async Task A_deleted_user_is_refused_even_with_a_token_that_is_still_valid()
    {
        var tokens = await Client.SignInAsDevAsync("mia@example.com");
        await using var db = TestDatabases.CreateDbContext(Api.DatabaseConnectionString);
        await db.Users.Where(u => u.Email == "mia@example.com").ExecuteDeleteAsync(TestContext.Current.CancellationToken);

        var response = await Client.GetAsync("/api/v1/auth/me", tokens.AccessToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Invalid authentication credentials", await response.ReadDetailAsync());
    }

    private Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        Client.PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = refreshToken });

    private async Task<(long UserId, Guid SessionId)> SignInAndReadIdsAsync(string email)
    {
        var tokens = await Client.SignInAsDevAsync(email);
        var jwt = new JwtSecurityTokenHandler().ReadJwtToken(tokens.AccessToken);
        return (long.Parse(jwt.Subject, System.Globalization.CultureInfo.InvariantCulture), Guid.Parse(jwt.Claims.Single(c => c.Type == "sid").Value));
    }
}
