using System.Net.WebSockets;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;

namespace AIVideo.Tests.Realtime;

public sealed class SlowConsumerTests(TestServices services, EmulatorServer emulator) : RealtimeTestBase(services, emulator)
{
    private const int ProgressEvents = 300;

    [Fact]
    public async Task A_client_that_stops_reading_loses_old_progress_but_not_the_completion_and_holds_up_no_one()
    {
        var user = await CreateUserAsync();
        var slow = await ConnectAsync(ApiA, user.AccessToken);
        var fast = await ConnectAsync(ApiA, NewToken(user));
        const long videoId = 77;

        // 300 events of 60 KB: far more than the loopback socket buffers hold for the slow client.
        for (var i = 1; i <= ProgressEvents; i++)
        {
            await PublishAsync(user.Id, videoId, "processing", progress: i, padding: 60_000);
        }

        await PublishAsync(user.Id, videoId, "completed", progress: ProgressEvents + 1);

        // The fast client gets to the end while the slow one has read nothing.
        var fastLast = 0;
        while (fastLast <= ProgressEvents)
        {
            fastLast = (int)(await fast.ReceiveAsync(TimeSpan.FromSeconds(20)))!["video"]!["progress"]!;
        }

        var received = new List<(string Status, int Progress)>();
        while (received.Count == 0 || received[^1].Status != "completed")
        {
            var message = (await slow.ReceiveAsync(TimeSpan.FromSeconds(20)))!;
            received.Add(((string)message["video"]!["status"]!, (int)message["video"]!["progress"]!));
        }

        Assert.True(received.Count < ProgressEvents, $"The slow client got {received.Count} events: nothing was dropped.");
        Assert.Equal(ProgressEvents + 1, received[^1].Progress);
        Assert.Equal(received.Select(r => r.Progress).Order(), received.Select(r => r.Progress));
        await CloseAsync(slow);
        await CloseAsync(fast);
    }

    [Fact]
    public async Task A_client_too_far_behind_to_keep_its_final_events_is_closed_with_1008_and_no_one_else_is()
    {
        var user = await CreateUserAsync();
        var slow = await ConnectAsync(ApiA, user.AccessToken);
        var fast = await ConnectAsync(ApiA, NewToken(user));

        // Final events of distinct videos are never dropped, so once the socket buffers and the
        // slow client's eight-event buffer are full, the next one cannot be kept. The fast client
        // reads each event before the next is published; the slow one reads nothing until the end.
        for (var videoId = 1; videoId <= ProgressEvents; videoId++)
        {
            await PublishAsync(user.Id, videoId, "completed", progress: 100, padding: 100_000);
            var message = await fast.ReceiveAsync(TimeSpan.FromSeconds(20));
            Assert.True(message is not null, $"The fast client was closed at event {videoId}: {fast.CloseStatusDescription}");
            Assert.Equal(videoId, (long)message["video"]!["id"]!);
        }

        var receivedBySlow = 0;
        while (await slow.ReceiveAsync(TimeSpan.FromSeconds(20)) is not null)
        {
            receivedBySlow++;
        }

        Assert.InRange(receivedBySlow, 1, ProgressEvents - 1);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, slow.CloseStatus);
        Assert.Equal("Client too slow", slow.CloseStatusDescription);

        // The fast connection of the same user carries on.
        await PublishAsync(user.Id, videoId: 1000, "processing", progress: 1);
        Assert.Equal(1000, (long)(await fast.ReceiveAsync(TimeSpan.FromSeconds(20)))!["video"]!["id"]!);
        slow.Dispose();
        await CloseAsync(fast);
    }

    // A small buffer, and time for the slow client to drain its socket and read the close frame.
    protected override IReadOnlyDictionary<string, string?> SettingsA => new Dictionary<string, string?>
    {
        ["Realtime:BufferCapacity"] = "8",
        ["Realtime:CloseTimeout"] = "00:00:30",
    };
}
