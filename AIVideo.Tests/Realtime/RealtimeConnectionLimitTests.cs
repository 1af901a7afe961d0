using System.Net;
using System.Net.WebSockets;
using AIVideo.Api.Realtime;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AIVideo.Tests.Realtime;

/// <summary>
/// A user may hold only so many realtime connections per process (the next is refused with 429, the open ones
/// stay), and Kestrel holds only so many upgraded connections in all (the next is refused with 503).
/// </summary>
public sealed class RealtimeConnectionLimitTests(TestServices services, EmulatorServer emulator) : RealtimeTestBase(services, emulator)
{
    private const int PerUser = 3;
    private const int Upgraded = 6;

    protected override IReadOnlyDictionary<string, string?>? SettingsA => new Dictionary<string, string?>
    {
        ["Realtime:MaxConnectionsPerUser"] = PerUser.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Realtime:MaxUpgradedConnections"] = Upgraded.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task Past_the_per_user_cap_a_new_websocket_or_stream_is_refused_and_the_open_ones_stay()
    {
        var user = await CreateUserAsync();
        var first = await ConnectAsync(ApiA, user.AccessToken);
        var second = await ConnectAsync(ApiA, NewToken(user));
        await using var stream = await SseStream.OpenAsync(ClientA, "/api/v1/videos/events", bearer: user.AccessToken);
        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);

        Assert.Equal(429, await RefusedHandshakeStatusAsync(ApiA, $"token={NewToken(user)}"));
        await using (var refused = await SseStream.OpenAsync(ClientA, "/api/v1/videos/events", bearer: user.AccessToken))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.Response.StatusCode);
            Assert.Equal(
                $"Too many open realtime connections: at most {PerUser} per user. Close another tab or window and try again.",
                await refused.Response.ReadDetailAsync());
        }

        // The open connections were left alone, and another user is not affected; the cap is per
        // process, so another replica takes the user's connection.
        Assert.Equal(WebSocketState.Open, first.State);
        Assert.Equal(WebSocketState.Open, second.State);
        var other = await ConnectAsync(ApiA, (await CreateUserAsync()).AccessToken);
        var onReplicaB = await ConnectAsync(ApiB, NewToken(user));

        // Once one closes, there is room again.
        await CloseAsync(first);
        var hub = ApiA.Services.GetRequiredService<RealtimeHub>();
        await Eventually.UntilAsync(() => Task.FromResult(hub.CountFor(user.Id) < PerUser), TimeSpan.FromSeconds(10), "the closed WebSocket never left the hub");
        var third = await ConnectAsync(ApiA, NewToken(user));
        Assert.Equal(WebSocketState.Open, third.State);

        await CloseAsync(second);
        await CloseAsync(third);
        await CloseAsync(other);
        await CloseAsync(onReplicaB);
    }

    [Fact]
    public async Task Past_kestrels_upgraded_connection_limit_a_websocket_is_refused_with_503()
    {
        var open = new List<ClientWebSocket>();
        try
        {
            // Each from its own user, so the per-user cap is not what refuses. The other test's sockets may
            // still be counted for a moment, so the refusal can come earlier, never later.
            int? refusedWith = null;
            for (var i = 0; i <= Upgraded && refusedWith is null; i++)
            {
                var token = (await CreateUserAsync()).AccessToken;
                var socket = new ClientWebSocket();
                socket.Options.CollectHttpResponseDetails = true;
                var address = new UriBuilder(ApiA.ClientOptions.BaseAddress) { Scheme = "ws", Path = RealtimeTokens.WebSocketPath, Query = $"token={token}" };
                try
                {
                    await socket.ConnectAsync(address.Uri, TestContext.Current.CancellationToken);
                    open.Add(socket);
                }
                catch (WebSocketException)
                {
                    refusedWith = (int)socket.HttpStatusCode;
                    socket.Dispose();
                }
            }

            Assert.Equal(503, refusedWith);
        }
        finally
        {
            foreach (var socket in open)
            {
                await CloseAsync(socket);
            }
        }
    }
}
