using AIVideo.Api.Realtime;

namespace AIVideo.Tests.Realtime;

public sealed class EventBufferTests
{
    private static long s_id;

    [Fact]
    public async Task Events_come_out_in_order()
    {
        using var buffer = new EventBuffer(8);
        var first = Progress(videoId: 1);
        var second = Progress(videoId: 2);

        Assert.True(buffer.Write(first));
        Assert.True(buffer.Write(second));

        Assert.Same(first, await buffer.ReadAsync(TestContext.Current.CancellationToken));
        Assert.Same(second, await buffer.ReadAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_unsent_progress_event_is_replaced_by_a_newer_event_of_the_same_video()
    {
        using var buffer = new EventBuffer(8);
        buffer.Write(Progress(videoId: 1));
        var other = Progress(videoId: 2);
        buffer.Write(other);
        var completed = Terminal(videoId: 1);
        buffer.Write(completed);

        Assert.Equal(2, buffer.Count);
        Assert.Equal(1, buffer.Dropped);
        Assert.Same(other, await buffer.ReadAsync(TestContext.Current.CancellationToken));
        Assert.Same(completed, await buffer.ReadAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task When_full_the_oldest_progress_event_goes_and_terminal_events_stay()
    {
        using var buffer = new EventBuffer(3);
        var terminal = Terminal(videoId: 1);
        buffer.Write(terminal);
        buffer.Write(Progress(videoId: 2));
        var third = Progress(videoId: 3);
        buffer.Write(third);
        var fourth = Progress(videoId: 4);

        Assert.True(buffer.Write(fourth));

        Assert.Equal(3, buffer.Count);
        Assert.Equal(1, buffer.Dropped);
        Assert.Same(terminal, await buffer.ReadAsync(TestContext.Current.CancellationToken));
        Assert.Same(third, await buffer.ReadAsync(TestContext.Current.CancellationToken));
        Assert.Same(fourth, await buffer.ReadAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_progress_event_finding_the_buffer_full_of_terminal_events_is_dropped()
    {
        using var buffer = new EventBuffer(2);
        var first = Terminal(videoId: 1);
        buffer.Write(first);
        buffer.Write(Terminal(videoId: 2));

        Assert.True(buffer.Write(Progress(videoId: 3)));

        Assert.Equal(2, buffer.Count);
        Assert.Equal(1, buffer.Dropped);
        Assert.Same(first, await buffer.ReadAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public void A_terminal_event_that_cannot_be_kept_says_the_client_is_too_slow()
    {
        using var buffer = new EventBuffer(2);
        buffer.Write(Terminal(videoId: 1));
        buffer.Write(RealtimeEvent.Resync(Interlocked.Increment(ref s_id)));

        Assert.False(buffer.Write(Terminal(videoId: 3)));
        Assert.Equal(2, buffer.Count);
    }

    [Fact]
    public async Task A_reader_waits_for_the_next_write()
    {
        using var buffer = new EventBuffer(4);
        var reading = buffer.ReadAsync(TestContext.Current.CancellationToken).AsTask();
        // Only a write releases a reader, and nothing has written: the read is pending now or never.
        Assert.False(reading.IsCompleted);

        var item = Progress(videoId: 1);
        buffer.Write(item);

        Assert.Same(item, await reading.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Only_completed_and_failed_video_updates_are_terminal()
    {
        static RealtimeEvent? Parse(string json) => RealtimeEvent.FromVideoUpdate(1, System.Text.Encoding.UTF8.GetBytes(json));

        Assert.False(Parse("""{"type":"video.updated","video":{"id":7,"status":"processing","progress":40}}""")!.IsTerminal);
        Assert.True(Parse("""{"type":"video.updated","video":{"id":7,"status":"completed"}}""")!.IsTerminal);
        Assert.True(Parse("""{"type":"video.updated","video":{"id":7,"status":"failed"}}""")!.IsTerminal);
        Assert.Equal(7, Parse("""{"type":"video.updated","video":{"id":7,"status":"pending"}}""")!.VideoId);
        Assert.Null(Parse("""{"type":"something.else"}"""));
        Assert.Null(Parse("not json"));
    }

    private static RealtimeEvent Progress(long videoId) => new(Interlocked.Increment(ref s_id), new byte[] { 1 }, videoId, IsTerminal: false);

    private static RealtimeEvent Terminal(long videoId) => new(Interlocked.Increment(ref s_id), new byte[] { 2 }, videoId, IsTerminal: true);
}
