using System.Net;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;

namespace AIVideo.Tests.Realtime;

public sealed class RealtimeFanOutTests(TestServices services, EmulatorServer emulator) : RealtimeTestBase(services, emulator)
{
    [Fact]
    public async Task An_event_reaches_every_connection_of_its_user_on_both_replicas_and_no_one_else()
    {
        var owner = await CreateUserAsync();
        var other = await CreateUserAsync();
        var socketA = await ConnectAsync(ApiA, owner.AccessToken);
        var socketB = await ConnectAsync(ApiB, NewToken(owner), asSubprotocol: true);
        await using var sseA = await SseStream.OpenAsync(ClientA, "/api/v1/videos/events", bearer: owner.AccessToken);
        await using var sseB = await SseStream.OpenAsync(ClientB, $"/api/v1/videos/events?token={owner.AccessToken}");
        var otherSocket = await ConnectAsync(ApiA, other.AccessToken);
        await using var otherSse = await SseStream.OpenAsync(ClientB, "/api/v1/videos/events", bearer: other.AccessToken);
        Assert.Equal(HttpStatusCode.OK, sseA.Response.StatusCode);
        Assert.Equal("text/event-stream", sseB.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("bearer", socketB.SubProtocol);

        await PublishAsync(owner.Id, videoId: 41, "processing", progress: 30);
        // The other user's own event, published after: it must be the first thing they receive.
        await PublishAsync(other.Id, videoId: 42, "completed", progress: 100);

        foreach (var message in new[] { await socketA.ReceiveAsync(), await socketB.ReceiveAsync(), (await sseA.ReceiveAsync())?.Data, (await sseB.ReceiveAsync())?.Data })
        {
            Assert.NotNull(message);
            Assert.Equal("video.updated", (string?)message["type"]);
            Assert.Equal(41, (long)message["video"]!["id"]!);
            Assert.Equal("processing", (string?)message["video"]!["status"]);
            Assert.Equal(30, (int)message["video"]!["progress"]!);
        }

        Assert.Equal(42, (long)(await otherSocket.ReceiveAsync())!["video"]!["id"]!);
        Assert.Equal(42, (long)(await otherSse.ReceiveAsync())!.Value.Data["video"]!["id"]!);

        foreach (var socket in new[] { socketA, socketB, otherSocket })
        {
            await CloseAsync(socket);
        }
    }

    [Fact]
    public async Task Sse_events_carry_increasing_ids_and_idle_streams_get_heartbeats()
    {
        var owner = await CreateUserAsync();
        await using var sse = await SseStream.OpenAsync(ClientA, "/api/v1/videos/events", bearer: owner.AccessToken);

        await PublishAsync(owner.Id, videoId: 1, "processing", progress: 10);
        await PublishAsync(owner.Id, videoId: 2, "processing", progress: 10);
        var first = await sse.ReceiveAsync();
        var second = await sse.ReceiveAsync();

        Assert.True(second!.Value.Id > first!.Value.Id);
        Assert.Contains("retry: 3000", sse.Fields);
        // Replica A beats every 300 ms (SettingsA): with nothing published, a ping comment comes next.
        Assert.True(await sse.ReceiveCommentAsync(": ping", TimeSpan.FromSeconds(5)), "The stream ended before a heartbeat.");
    }

    [Fact]
    public async Task A_reconnecting_event_source_is_told_to_resync()
    {
        var owner = await CreateUserAsync();
        await using var sse = await SseStream.OpenAsync(ClientA, "/api/v1/videos/events", bearer: owner.AccessToken, lastEventId: "17");

        Assert.Equal("resync", (string?)(await sse.ReceiveAsync())!.Value.Data["type"]);
    }

    protected override IReadOnlyDictionary<string, string?> SettingsA => new Dictionary<string, string?> { ["Realtime:SseHeartbeatInterval"] = "00:00:00.300" };
}
