namespace AIVideo.Api.Infrastructure.Replicas;

/// <summary>
/// Whether this replica hears what the others announce on Redis (ended sessions, evicted pages):
/// live while its subscription connection is (<c>RealtimeRedisListener</c> says so). What a replica
/// keeps on the strength of those announcements is believed only while the link is live, and only
/// if it was kept in the current <see cref="Epoch"/>: a lost connection starts a new epoch, since
/// whatever was announced meanwhile went unheard.
/// </summary>
public sealed class ReplicaLink
{
    private volatile bool _live;
    private long _epoch;

    public bool IsLive => _live;

    public long Epoch => Interlocked.Read(ref _epoch);

    /// <summary>The subscription is back and answers: announcements are heard from now on.</summary>
    public void Up()
    {
        Interlocked.Increment(ref _epoch);
        _live = true;
    }

    /// <summary>The subscription is lost: announcements may go unheard until <see cref="Up"/>.</summary>
    public void Down()
    {
        _live = false;
        Interlocked.Increment(ref _epoch);
    }
}
