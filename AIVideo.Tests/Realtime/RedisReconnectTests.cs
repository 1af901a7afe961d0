using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;

namespace AIVideo.Tests.Realtime;

public sealed class RedisReconnectTests(TestServices services, EmulatorServer emulator) : RealtimeTestBase(services, emulator)
{
    [Fact]
    public async Task After_Redis_drops_the_replica_resubscribes_and_tells_its_clients_to_resync()
    {
        var user = await CreateUserAsync();
        var socket = await ConnectAsync(ApiA, user.AccessToken);
        await using var sse = await SseStream.OpenAsync(ClientA, "/api/v1/videos/events", bearer: user.AccessToken);

        await CutReplicaARedisConnectionsAsync();

        Assert.Equal("resync", (string?)(await socket.ReceiveAsync(TimeSpan.FromSeconds(20)))!["type"]);
        Assert.Equal("resync", (string?)(await sse.ReceiveAsync(TimeSpan.FromSeconds(20)))!.Value.Data["type"]);

        // Both of the replica's connections were cut; when they are reported back at different
        // moments a second resync is correct: skip any, events must then flow again.
        await PublishAsync(user.Id, videoId: 9, "processing", progress: 20);
        var next = await socket.ReceiveAsync();
        while ((string?)next?["type"] == "resync")
        {
            next = await socket.ReceiveAsync();
        }

        Assert.NotNull(next);
        Assert.Equal(9, (long)next["video"]!["id"]!);
        await CloseAsync(socket);
    }
}
