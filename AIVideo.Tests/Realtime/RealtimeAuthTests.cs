using System.Net;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AIVideo.Tests.Realtime;

/// <summary>Every refusal happens before the upgrade or the stream, with the contract's 401.</summary>
public sealed class RealtimeAuthTests(TestServices services, EmulatorServer emulator) : RealtimeTestBase(services, emulator)
{
    [Fact]
    public async Task No_token_is_refused_as_not_authenticated()
    {
        Assert.Equal(401, await RefusedHandshakeStatusAsync(ApiA, query: null));

        await using var sse = await SseStream.OpenAsync(ClientA, "/api/v1/videos/events");
        Assert.Equal(HttpStatusCode.Unauthorized, sse.Response.StatusCode);
        Assert.Equal("Not authenticated", await sse.Response.ReadDetailAsync());
        Assert.Equal("Bearer", sse.Response.Headers.WwwAuthenticate.ToString());
    }

    public static TheoryData<string> BadTokens => new() { "bad signature", "expired", "refresh token", "unsigned", "garbage" };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_is_refused_before_the_upgrade(string kind)
    {
        var user = await CreateUserAsync();
        var token = kind switch
        {
            "bad signature" => TestTokens.Tampered(user.AccessToken),
            "expired" => TestTokens.User(user.Id, Guid.NewGuid(), expires: DateTime.UtcNow.AddMinutes(-5)),
            "refresh token" => TestTokens.User(user.Id, Guid.NewGuid(), tokenType: "refresh"),
            "unsigned" => TestTokens.UnsignedUser(user.Id, Guid.NewGuid()),
            _ => "garbage",
        };

        await AssertRefusedAsync(token);
    }

    [Fact]
    public async Task A_token_revoked_by_logout_is_refused()
    {
        var user = await CreateUserAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await ClientB.SendAsync(HttpMethod.Post, "/api/v1/auth/logout", user.AccessToken)).StatusCode);

        await AssertRefusedAsync(user.AccessToken);
    }

    [Fact]
    public async Task A_deleted_users_valid_token_is_refused()
    {
        var user = await CreateUserAsync();
        await using (var db = TestDatabases.CreateDbContext(ApiA.DatabaseConnectionString))
        {
            await db.Users.Where(u => u.Id == user.Id).ExecuteDeleteAsync(TestContext.Current.CancellationToken);
        }

        await AssertRefusedAsync(user.AccessToken);
    }

    [Fact]
    public async Task The_token_is_taken_from_the_query_only_on_the_realtime_endpoints()
    {
        var user = await CreateUserAsync();

        var response = await ClientA.GetAsync($"/api/v1/auth/me?token={user.AccessToken}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Not authenticated", await response.ReadDetailAsync());
    }

    [Fact]
    public async Task A_plain_request_to_the_websocket_endpoint_is_a_bad_request()
    {
        var user = await CreateUserAsync();

        var response = await ClientA.GetAsync("/ws/videos", user.AccessToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_sse_endpoint_is_in_the_openapi_document_and_the_websocket_is_not()
    {
        var document = await ClientA.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        var paths = System.Text.Json.Nodes.JsonNode.Parse(document)!["paths"]!.AsObject();

        var events = paths["/api/v1/videos/events"]!["get"]!;
        Assert.NotNull(events["responses"]!["200"]!["content"]!["text/event-stream"]);
        Assert.Contains(events["parameters"]!.AsArray(), p => (string?)p!["name"] == "token" && (string?)p["in"] == "query");
        Assert.False(paths.ContainsKey("/ws/videos"));
    }

    private async Task AssertRefusedAsync(string token)
    {
        Assert.Equal(401, await RefusedHandshakeStatusAsync(ApiA, $"token={token}"));
        Assert.Equal(401, await RefusedHandshakeStatusAsync(ApiB, $"token={token}"));

        using var viaProtocol = new System.Net.WebSockets.ClientWebSocket();
        viaProtocol.Options.CollectHttpResponseDetails = true;
        viaProtocol.Options.AddSubProtocol("bearer");
        viaProtocol.Options.AddSubProtocol(token.Replace(' ', '-'));
        var address = new UriBuilder(ApiA.ClientOptions.BaseAddress) { Scheme = "ws", Path = "/ws/videos" }.Uri;
        await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => viaProtocol.ConnectAsync(address, TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.Unauthorized, viaProtocol.HttpStatusCode);

        foreach (var sse in new[] { await SseStream.OpenAsync(ClientA, $"/api/v1/videos/events?token={token}"), await SseStream.OpenAsync(ClientB, "/api/v1/videos/events", bearer: token) })
        {
            await using (sse)
            {
                Assert.Equal(HttpStatusCode.Unauthorized, sse.Response.StatusCode);
                Assert.Equal("Invalid authentication credentials", await sse.Response.ReadDetailAsync());
            }
        }
    }
}
