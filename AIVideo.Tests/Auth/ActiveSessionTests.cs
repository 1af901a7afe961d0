using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Json;
using AIVideo.Api.Auth;
using AIVideo.Api.Infrastructure.Replicas;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Realtime;
using AIVideo.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AIVideo.Tests.Auth;

/// <summary>
/// A replica believes the sessions it has seen active without asking the database again, and
/// still refuses an ended session at once, on every replica.
/// </summary>
public sealed class ActiveSessionTests(TestServices services, EmulatorServer emulator) : RealtimeTestBase(services, emulator)
{
    [Fact]
    public async Task A_session_seen_active_is_remembered_by_the_replica_that_saw_it()
    {
        var (tokens, sessionId, userId) = await SignInAsync("ada@example.com");
        var remembered = await TrustedSessionsAsync(ApiB);
        Assert.False(remembered.IsActive(userId, sessionId));

        Assert.Equal(HttpStatusCode.OK, (await ClientB.GetAsync("/api/v1/auth/me", tokens.AccessToken)).StatusCode);

        Assert.True(remembered.IsActive(userId, sessionId));
    }

    [Fact]
    public async Task Logout_on_one_replica_is_refused_at_once_by_the_other()
    {
        await TrustedSessionsAsync(ApiA);
        await TrustedSessionsAsync(ApiB);
        // Several sessions: a revocation that reached the other replica late would show in one of them.
        for (var i = 0; i < 10; i++)
        {
            var (tokens, _, _) = await SignInAsync($"logout-{i}@example.com");
            await AssertMeAsync(HttpStatusCode.OK, tokens.AccessToken);

            Assert.Equal(HttpStatusCode.NoContent, (await ClientA.SendAsync(HttpMethod.Post, "/api/v1/auth/logout", tokens.AccessToken)).StatusCode);

            await AssertMeAsync(HttpStatusCode.Unauthorized, tokens.AccessToken);
        }
    }

    [Fact]
    public async Task A_replayed_refresh_token_ends_the_session_at_once_on_every_replica()
    {
        await TrustedSessionsAsync(ApiA);
        await TrustedSessionsAsync(ApiB);
        for (var i = 0; i < 10; i++)
        {
            var (tokens, _, _) = await SignInAsync($"replay-{i}@example.com");
            await AssertMeAsync(HttpStatusCode.OK, tokens.AccessToken);
            Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(ClientA, tokens.RefreshToken)).StatusCode);

            // The same refresh token again: it leaked, so its whole session ends.
            Assert.Equal(HttpStatusCode.Unauthorized, (await RefreshAsync(ClientB, tokens.RefreshToken)).StatusCode);

            await AssertMeAsync(HttpStatusCode.Unauthorized, tokens.AccessToken);
        }
    }

    [Fact]
    public async Task Without_the_subscription_nothing_remembered_is_believed_until_it_is_back()
    {
        var (tokens, sessionId, userId) = await SignInAsync("grace@example.com");
        var remembered = await TrustedSessionsAsync(ApiA);
        Assert.Equal(HttpStatusCode.OK, (await ClientA.GetAsync("/api/v1/auth/me", tokens.AccessToken)).StatusCode);
        Assert.True(remembered.IsActive(userId, sessionId));

        await LoseReplicaARedisAsync();

        Assert.False(remembered.IsActive(userId, sessionId));
        // The database answers meanwhile, and the replica trusts again once the subscription is back.
        Assert.Equal(HttpStatusCode.OK, (await ClientA.GetAsync("/api/v1/auth/me", tokens.AccessToken)).StatusCode);
        var link = ApiA.Services.GetRequiredService<ReplicaLink>();
        await Eventually.UntilAsync(() => Task.FromResult(link.IsLive), TimeSpan.FromSeconds(30), "Replica A's link never came back up after Redis did");
    }

    private async Task<(SignedIn Tokens, Guid SessionId, long UserId)> SignInAsync(string email)
    {
        var tokens = await ClientA.SignInAsDevAsync($"{Guid.NewGuid():N}-{email}");
        var jwt = new JwtSecurityTokenHandler().ReadJwtToken(tokens.AccessToken);
        return (tokens, Guid.Parse(jwt.Claims.Single(c => c.Type == "sid").Value), long.Parse(jwt.Subject, System.Globalization.CultureInfo.InvariantCulture));
    }

    private async Task AssertMeAsync(HttpStatusCode expected, string accessToken)
    {
        Assert.Equal(expected, (await ClientA.GetAsync("/api/v1/auth/me", accessToken)).StatusCode);
        Assert.Equal(expected, (await ClientB.GetAsync("/api/v1/auth/me", accessToken)).StatusCode);
    }

    private static Task<HttpResponseMessage> RefreshAsync(HttpClient client, string refreshToken) =>
        client.PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = refreshToken }, TestContext.Current.CancellationToken);

    /// <summary>The replica's remembered sessions, once its subscription to ended sessions is live.</summary>
    private static async Task<ActiveSessions> TrustedSessionsAsync(ApiFactory api)
    {
        var link = api.Services.GetRequiredService<ReplicaLink>();
        await Eventually.UntilAsync(() => Task.FromResult(link.IsLive), TimeSpan.FromSeconds(20), "The replica never subscribed to ended sessions");
        return api.Services.GetRequiredService<ActiveSessions>();
    }

    private async Task LoseReplicaARedisAsync()
    {
        await CutReplicaARedisConnectionsAsync();
        await Eventually.UntilAsync(() => Task.FromResult(!ApiA.Services.GetRequiredService<ReplicaLink>().IsLive), TimeSpan.FromSeconds(20), "Replica A never noticed its Redis connections were cut");
    }
}
