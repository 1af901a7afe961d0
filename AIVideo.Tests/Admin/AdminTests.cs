using System.Net;
using AIVideo.Core.Data.Entities;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AIVideo.Tests.Admin;

/// <summary>Admin endpoints, reached with Entra-shaped tokens validated by Microsoft.Identity.Web's handler.</summary>
public sealed class AdminTests(TestServices services, EmulatorServer emulator) : ApiTestBase(services, emulator)
{
    private static readonly string s_adminToken = TestTokens.Entra(["AIVideo.Admin"]);

    private SignedIn _user = null!;
    private long _userId;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _user = await Client.SignInAsDevAsync("olga@example.com");
        _userId = (long)(await (await Client.GetAsync("/api/v1/auth/me", _user.AccessToken)).ReadJsonAsync())["id"]!;
    }

    [Fact]
    public async Task An_admin_finds_a_user_by_email()
    {
        var response = await Client.GetAsync("/api/v1/admin/users?email=OLGA@example.com", s_adminToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal(1, (int?)body["total"]);
        Assert.Equal(_userId, (long?)body["users"]![0]!["id"]);
    }

    [Fact]
    public async Task An_admin_grant_is_written_to_the_ledger()
    {
        var response = await Client.SendAsync(HttpMethod.Post, $"/api/v1/admin/users/{_userId}/credits", s_adminToken, new { amount = 25.5, reason = "Support ticket 42" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($$"""{"credits":125.5,"user_id":{{_userId}}}""", (await response.ReadJsonAsync()).ToJsonString());
        await using var db = TestDatabases.CreateDbContext(Api.DatabaseConnectionString);
        var grant = await db.CreditTransactions.SingleAsync(t => t.UserId == _userId && t.Reason == CreditReason.AdminGrant, TestContext.Current.CancellationToken);
        Assert.Equal(25.5m, grant.Amount);
        Assert.Equal(125.5m, grant.BalanceAfter);
        Assert.Equal("Support ticket 42", grant.Note);
    }

    [Fact]
    public async Task Granting_to_a_missing_user_is_not_found()
    {
        var response = await Client.SendAsync(HttpMethod.Post, "/api/v1/admin/users/999999/credits", s_adminToken, new { amount = 5, reason = "x" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("User with id 999999 not found", await response.ReadDetailAsync());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(1.005)]
    public async Task Invalid_amounts_are_refused(double amount)
    {
        var response = await Client.SendAsync(HttpMethod.Post, $"/api/v1/admin/users/{_userId}/credits", s_adminToken, new { amount, reason = "x" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("""["body","amount"]""", (await response.ReadJsonAsync())["detail"]![0]!["loc"]!.ToJsonString());
    }

    [Fact]
    public async Task A_user_token_is_not_authorized()
    {
        var response = await Client.GetAsync("/api/v1/admin/users", _user.AccessToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Not authorized", await response.ReadDetailAsync());
    }

    [Fact]
    public async Task An_entra_token_without_the_admin_role_is_not_authorized()
    {
        var response = await Client.GetAsync("/api/v1/admin/users", TestTokens.Entra(["AIVideo.Reader"]));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Not authorized", await response.ReadDetailAsync());
    }

    [Theory]
    [InlineData("other-tenant")]
    [InlineData("other-audience")]
    public async Task An_entra_token_for_someone_else_is_invalid(string kind)
    {
        var token = kind == "other-tenant"
            ? TestTokens.Entra(["AIVideo.Admin"], tenantId: Guid.NewGuid().ToString())
            : TestTokens.Entra(["AIVideo.Admin"], audience: Guid.NewGuid().ToString());

        var response = await Client.GetAsync("/api/v1/admin/users", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Invalid authentication credentials", await response.ReadDetailAsync());
    }

    [Fact]
    public async Task No_token_is_not_authenticated()
    {
        var response = await Client.GetAsync("/api/v1/admin/users", bearer: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Not authenticated", await response.ReadDetailAsync());
    }
}
