using System.Net;
using System.Net.Http.Json;
using AIVideo.Core.Data.Entities;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AIVideo.Tests.Auth;

public sealed class SignInTests(TestServices services, EmulatorServer emulator) : ApiTestBase(services, emulator)
{
    [Fact]
    public async Task A_new_person_signs_in_through_google_and_gets_the_signup_grant()
    {
        var response = await Client.SignInAsync("dev:alice@example.com:Alice Liddell");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tokens = await response.ReadJsonAsync();
        Assert.Equal("bearer", (string?)tokens["token_type"]);
        Assert.Equal(1800, (int?)tokens["expires_in"]);
        Assert.NotEqual((string?)tokens["access_token"], (string?)tokens["refresh_token"]);

        var me = await (await Client.GetAsync("/api/v1/auth/me", (string?)tokens["access_token"])).ReadJsonAsync();
        Assert.Equal("alice@example.com", (string?)me["email"]);
        Assert.Equal("Alice Liddell", (string?)me["name"]);
        Assert.Equal("100.0", me["credits"]!.ToJsonString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", (string?)me["created_at"]);
        Assert.Equal(["id", "email", "name", "avatar_url", "credits", "created_at"], me.Select(p => p.Key));

        await using var db = TestDatabases.CreateDbContext(Api.DatabaseConnectionString);
        var ledger = await db.CreditTransactions.Where(t => t.UserId == (long)me["id"]!).ToListAsync(TestContext.Current.CancellationToken);
        var grant = Assert.Single(ledger);
        Assert.Equal(CreditReason.SignupGrant, grant.Reason);
        Assert.Equal(100m, grant.Amount);
        Assert.Equal(100m, grant.BalanceAfter);
    }

    [Fact]
    public async Task Signing_in_again_is_the_same_user_without_a_second_grant()
    {
        var first = await Client.SignInAsDevAsync("bob@example.com");
        var second = await Client.SignInAsDevAsync("BOB@example.com");

        var one = await (await Client.GetAsync("/api/v1/users/profile", first.AccessToken)).ReadJsonAsync();
        var two = await (await Client.GetAsync("/api/v1/users/profile", second.AccessToken)).ReadJsonAsync();
        Assert.Equal((long)one["id"]!, (long)two["id"]!);
        Assert.Equal("100.0", two["credits"]!.ToJsonString());
    }

    [Fact]
    public async Task A_code_google_refuses_is_a_401_saying_the_exchange_failed()
    {
        var response = await Client.SignInAsync("4/0AX4XfWhq-not-a-dev-code");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Failed to exchange code for token", await response.ReadDetailAsync());
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task An_address_google_has_not_verified_is_a_401_and_creates_nobody()
    {
        var response = await Client.SignInAsync("dev-unverified:carol@example.com");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Google has not verified this email address", await response.ReadDetailAsync());
        await using var db = TestDatabases.CreateDbContext(Api.DatabaseConnectionString);
        Assert.False(await db.Users.AnyAsync(u => u.Email == "carol@example.com", TestContext.Current.CancellationToken));

        // The same person, once Google has verified the address, signs in.
        Assert.Equal(HttpStatusCode.OK, (await Client.SignInAsync("dev:carol@example.com")).StatusCode);
    }

    [Fact]
    public async Task A_redirect_uri_outside_the_allow_list_is_refused_before_google_is_asked()
    {
        var response = await Client.SignInAsync("dev:mallory@example.com", "https://evil.example/callback");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("redirect_uri is not allowed", await response.ReadDetailAsync());
        await using var db = TestDatabases.CreateDbContext(Api.DatabaseConnectionString);
        Assert.False(await db.Users.AnyAsync(u => u.Email == "mallory@example.com", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Missing_fields_are_listed()
    {
        var response = await Client.PostAsJsonAsync("/api/v1/auth/google", new { }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var locations = (await response.ReadJsonAsync())["detail"]!.AsArray().Select(e => e!["loc"]!.ToJsonString());
        Assert.Equal(["""["body","code"]""", """["body","redirect_uri"]"""], locations);
    }

    [Fact]
    public async Task No_token_is_not_authenticated()
    {
        var response = await Client.GetAsync("/api/v1/auth/me", bearer: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Not authenticated", await response.ReadDetailAsync());
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task A_later_login_keeps_the_name_the_user_chose()
    {
        var tokens = await Client.SignInAsDevAsync("carol@example.com", "Carol From Google");
        var patched = await Client.SendAsync(HttpMethod.Patch, "/api/v1/users/profile", tokens.AccessToken, new { name = "Carol Chosen" });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);

        var again = await Client.SignInAsDevAsync("carol@example.com", "Carol From Google");

        var me = await (await Client.GetAsync("/api/v1/auth/me", again.AccessToken)).ReadJsonAsync();
        Assert.Equal("Carol Chosen", (string?)me["name"]);
    }
}
