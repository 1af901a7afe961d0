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
}
