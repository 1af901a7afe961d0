using AIVideo.Api.Infrastructure.Replicas;

namespace AIVideo.Tests.Api;

/// <summary>What a replica keeps in memory is served only while nothing says it may have changed.</summary>
public sealed class ReplicaMemoryTests
{
    private readonly ReplicaLink _link = new();
    private readonly StoppedClock _clock = new();

    public ReplicaMemoryTests() => _link.Up();

    [Fact]
    public void A_value_is_served_within_its_lifetime_only()
    {
        var memory = new ReplicaMemory<string, int>(_link, _clock, capacity: 10);
        memory.Remember("a", 1, memory.StampOf("a"), TimeSpan.FromSeconds(30));

        Assert.True(memory.TryGet("a", out var value));
        Assert.Equal(1, value);

        _clock.Advance(TimeSpan.FromSeconds(31));
        Assert.False(memory.TryGet("a", out _));
    }

    [Fact]
    public void A_value_read_before_a_forget_is_not_kept_after_it()
    {
        var memory = new ReplicaMemory<string, int>(_link, _clock, capacity: 10);
        var stamp = memory.StampOf("a");

        memory.Forget("a");
        memory.Remember("a", 1, stamp, TimeSpan.FromMinutes(1));

        Assert.False(memory.TryGet("a", out _));
    }

    [Fact]
    public void A_forget_retires_a_value_already_kept()
    {
        var memory = new ReplicaMemory<string, int>(_link, _clock, capacity: 10);
        memory.Remember("a", 1, memory.StampOf("a"), TimeSpan.FromMinutes(1));
        Assert.True(memory.TryGet("a", out _));

        memory.Forget("a");

        Assert.False(memory.TryGet("a", out _));
    }

    [Fact]
    public void Forgetting_a_key_forgets_every_key_of_its_slot_and_no_other()
    {
        var memory = new ReplicaMemory<(long User, int Page), string>(_link, _clock, capacity: 10, key => key.User.GetHashCode());
        memory.Remember((1, 1), "first page", memory.StampOf((1, 1)), TimeSpan.FromMinutes(1));
        memory.Remember((1, 2), "second page", memory.StampOf((1, 2)), TimeSpan.FromMinutes(1));
        memory.Remember((2, 1), "another user's page", memory.StampOf((2, 1)), TimeSpan.FromMinutes(1));

        memory.Forget((1, 0));

        Assert.False(memory.TryGet((1, 1), out _));
        Assert.False(memory.TryGet((1, 2), out _));
        Assert.True(memory.TryGet((2, 1), out _));
    }

    [Fact]
    public void Nothing_is_believed_while_the_link_is_down_nor_after_it_came_back()
    {
        var memory = new ReplicaMemory<string, int>(_link, _clock, capacity: 10);
        memory.Remember("a", 1, memory.StampOf("a"), TimeSpan.FromMinutes(1));

        _link.Down();
        Assert.False(memory.TryGet("a", out _));
        memory.Remember("b", 2, memory.StampOf("b"), TimeSpan.FromMinutes(1));

        _link.Up();
        Assert.False(memory.TryGet("a", out _));
        Assert.False(memory.TryGet("b", out _));
    }

    [Fact]
    public void Forget_all_forgets_every_key()
    {
        var memory = new ReplicaMemory<string, int>(_link, _clock, capacity: 10);
        memory.Remember("a", 1, memory.StampOf("a"), TimeSpan.FromMinutes(1));
        var stamp = memory.StampOf("b");

        memory.ForgetAll();
        memory.Remember("b", 2, stamp, TimeSpan.FromMinutes(1));

        Assert.False(memory.TryGet("a", out _));
        Assert.False(memory.TryGet("b", out _));
    }

    private sealed class StoppedClock : TimeProvider
    {
        private long _timestamp = 1;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _timestamp;

        public void Advance(TimeSpan by) => _timestamp += by.Ticks;
    }
}
