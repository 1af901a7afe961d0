using System.Net;
using System.Net.WebSockets;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AIVideo.Tests.Realtime;

public sealed class RealtimeCloseTests(TestServices services, EmulatorServer emulator) : RealtimeTestBase(services, emulator)
{
    [Fact]
    public async Task Logout_closes_the_sessions_connections_on_every_replica_with_1008()
    {
        var user = await CreateUserAsync();
        var onA = await ConnectAsync(ApiA, user.AccessToken);
        var onB = await ConnectAsync(ApiB, user.AccessToken, asSubprotocol: true);
        await using var sse = await SseStream.OpenAsync(ClientB, $"/api/v1/videos/events?token={user.AccessToken}");
        var otherSession = await ConnectAsync(ApiB, NewToken(user));

        Assert.Equal(HttpStatusCode.NoContent, (await ClientA.SendAsync(HttpMethod.Post, "/api/v1/auth/logout", user.AccessToken)).StatusCode);

        foreach (var socket in new[] { onA, onB })
        {
            Assert.Null(await socket.ReceiveAsync());
            Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
            Assert.Equal("Session ended", socket.CloseStatusDescription);
        }

        var last = await sse.ReceiveAsync();
        Assert.Equal("closed", (string?)last!.Value.Data["type"]);
        Assert.Equal("Session ended", (string?)last.Value.Data["reason"]);
        Assert.Null(await sse.ReceiveAsync());

        // The same user's other session is untouched.
        await PublishAsync(user.Id, videoId: 5, "processing", progress: 50);
        Assert.Equal(5, (long)(await otherSession.ReceiveAsync())!["video"]!["id"]!);
        await CloseAsync(otherSession);
    }

    [Fact]
    public async Task The_connection_is_closed_with_1008_when_the_token_expires()
    {
        var user = await CreateUserAsync();
        var token = TestTokens.User(user.Id, Guid.NewGuid(), expires: DateTime.UtcNow.AddSeconds(3));
        var socket = await ConnectAsync(ApiA, token);
        await using var sse = await SseStream.OpenAsync(ClientB, $"/api/v1/videos/events?token={token}");

        Assert.Null(await socket.ReceiveAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
        Assert.Equal("Token expired", socket.CloseStatusDescription);
        Assert.Equal("Token expired", (string?)(await sse.ReceiveAsync(TimeSpan.FromSeconds(15)))!.Value.Data["reason"]);
    }

    [Fact]
    public async Task A_client_that_closes_gets_a_normal_close_back()
    {
        var user = await CreateUserAsync();
        var socket = await ConnectAsync(ApiA, user.AccessToken);

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", TestContext.Current.CancellationToken);

        Assert.Equal(WebSocketState.Closed, socket.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        socket.Dispose();
    }

    [Fact]
    public async Task A_stopping_replica_closes_its_connections_with_1001_and_the_other_replica_keeps_its_own()
    {
        var user = await CreateUserAsync();
        var onA = await ConnectAsync(ApiA, user.AccessToken);
        await using var sse = await SseStream.OpenAsync(ClientA, "/api/v1/videos/events", bearer: user.AccessToken);
        var onB = await ConnectAsync(ApiB, user.AccessToken);

        ApiA.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        Assert.Null(await onA.ReceiveAsync());
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, onA.CloseStatus);
        Assert.Equal("Server shutting down", onA.CloseStatusDescription);
        var last = await sse.ReceiveAsync();
        Assert.Equal("closed", (string?)last!.Value.Data["type"]);
        Assert.Equal("Server shutting down", (string?)last.Value.Data["reason"]);
        Assert.Null(await sse.ReceiveAsync());

        await PublishAsync(user.Id, videoId: 9, "processing", progress: 10);
        Assert.Equal(9, (long)(await onB.ReceiveAsync())!["video"]!["id"]!);
        onA.Dispose();
        await CloseAsync(onB);
    }
}
