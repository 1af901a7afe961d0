using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using AIVideo.Api.Infrastructure.Replicas;
using Microsoft.Extensions.Options;

namespace AIVideo.Api.Auth;

/// <summary>
/// The sessions this process has found active in the database, so that a request with one of them
/// costs no network round trip. They are believed only while this replica hears every ended
/// session (<see cref="ReplicaLink"/>): each replica forgets a session the moment its end is
/// announced (<see cref="SessionRevocations"/>). Without the link each request asks the database.
/// An entry lives <see cref="ActiveSessionOptions.Lifetime"/> at most: a user removed behind the
/// Api's back (in SQL; the Api itself deletes no users) is refused within that time.
/// </summary>
public sealed class ActiveSessions(ReplicaLink link, IOptions<ActiveSessionOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, Entry> _sessions = new();
    private readonly ActiveSessionOptions _options = options.Value;

    // Moves on every forget: a database answer read before a forget must not be remembered after it.
    private long _forgets;

    /// <summary>Taken before asking the database; <see cref="Remember"/> refuses an answer older than a forget or a lost link.</summary>
    public SessionStamp Stamp => new(link.Epoch, Interlocked.Read(ref _forgets));

    public bool IsActive(long userId, Guid sessionId) =>
        link.IsLive
        && _sessions.TryGetValue(sessionId, out var entry)
        && entry.UserId == userId
        && entry.Epoch == link.Epoch
        && entry.ExpiresAt > time.GetTimestamp();

    /// <summary>Remembers a session the database found active, unless a session ended or the link was lost since <paramref name="stamp"/>.</summary>
    public void Remember(long userId, Guid sessionId, SessionStamp stamp)
    {
        if (!link.IsLive || stamp != Stamp)
        {
            return;
        }

        if (_sessions.Count >= _options.MaxEntries)
        {
            // Far more sessions than a replica serves at once: start over rather than grow.
            _sessions.Clear();
        }

        _sessions[sessionId] = new Entry(userId, stamp.Epoch, time.GetTimestamp() + (long)(_options.Lifetime.TotalSeconds * time.TimestampFrequency));
        if (stamp != Stamp)
        {
            // A forget ran while this was written: it may have missed the new entry.
            _sessions.TryRemove(sessionId, out _);
        }
    }

    /// <summary>An ended session: its next request, here, asks the database.</summary>
    public void Forget(Guid sessionId)
    {
        Interlocked.Increment(ref _forgets);
        _sessions.TryRemove(sessionId, out _);
    }

    private readonly record struct Entry(long UserId, long Epoch, long ExpiresAt);
}

/// <summary>When <see cref="ActiveSessions"/> last looked: the link's epoch and the forgets so far.</summary>
public readonly record struct SessionStamp(long Epoch, long Forgets);

/// <summary>Section <c>ActiveSessions</c>.</summary>
public sealed class ActiveSessionOptions
{
    public const string SectionName = "ActiveSessions";

    /// <summary>How long a session found active is believed without asking the database again.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(1);

    [Range(1, 10_000_000)]
    public int MaxEntries { get; set; } = 100_000;
}
