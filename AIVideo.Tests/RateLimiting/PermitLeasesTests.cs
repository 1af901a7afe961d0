using AIVideo.Api.RateLimiting;

namespace AIVideo.Tests.RateLimiting;

/// <summary>The permits a process holds in advance, decided without Redis until they run out or the window ends.</summary>
public sealed class PermitLeasesTests
{
    private readonly ManualClock _clock = new();

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 1)]
    [InlineData(20, 1)]
    [InlineData(100, 5)]
    [InlineData(1_000_000, 100)]
    public void Small_limits_are_exact_and_large_ones_are_taken_in_batches(int limit, int batch) =>
        Assert.Equal(batch, PermitLeases.BatchSize(new RateLimitRule { PermitLimit = limit }));

    [Fact]
    public void A_granted_batch_is_spent_locally_then_redis_is_asked_again()
    {
        var leases = new PermitLeases(_clock);
        Assert.Null(leases.TryDecide("k"));

        Assert.True(leases.Record("k", granted: 3, TimeSpan.FromSeconds(30)).Allowed);

        Assert.True(leases.TryDecide("k")?.Allowed);
        Assert.True(leases.TryDecide("k")?.Allowed);
        Assert.Null(leases.TryDecide("k"));
    }

    [Fact]
    public void A_full_window_is_refused_locally_until_it_ends()
    {
        var leases = new PermitLeases(_clock);

        var refused = leases.Record("k", granted: 0, TimeSpan.FromSeconds(30));

        Assert.False(refused.Allowed);
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(new RateLimitDecision(false, TimeSpan.FromSeconds(20)), leases.TryDecide("k"));
        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Null(leases.TryDecide("k"));
    }

    [Fact]
    public void Permits_left_in_an_ended_window_are_not_carried_over()
    {
        var leases = new PermitLeases(_clock);
        leases.Record("k", granted: 5, TimeSpan.FromSeconds(30));

        _clock.Advance(TimeSpan.FromSeconds(31));

        Assert.Null(leases.TryDecide("k"));
        leases.Record("k", granted: 1, TimeSpan.FromSeconds(30));
        Assert.Null(leases.TryDecide("k"));
    }

    [Fact]
    public void Callers_keep_their_own_leases()
    {
        var leases = new PermitLeases(_clock);
        leases.Record("alice", granted: 2, TimeSpan.FromSeconds(30));

        Assert.Null(leases.TryDecide("bob"));
        Assert.True(leases.TryDecide("alice")?.Allowed);
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
