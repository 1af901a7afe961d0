using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace AIVideo.Api.Auth;

/// <summary>
/// The sessions this process has found active in the database, so that a request with one of them
/// costs no network round trip. The memory is trusted only while this process hears every ended
/// session: the Redis subscription to <see cref="SessionRevocations.Channel"/> is live
/// (<see cref="Trust"/>, <see cref="Distrust"/>), and every replica forgets a session the moment
/// its end is announced. Without the subscription each request asks the database, as before.
/// An entry lives <see cref="ActiveSessionOptions.Lifetime"/> at most: a user removed behind the
/// Api's back (in SQL; the Api itself deletes no users) is refused within that time.
/// </summary>
public sealed class ActiveSessions(IOptions<ActiveSessionOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, Entry> _sessions = new();
    private readonly ActiveSessionOptions _options = options.Value;
    private volatile bool _trusted;

    // Moves on every forget: a database answer read before a forget must not be remembered after it.
    private long _generation;

    /// <summary>Whether ended sessions are heard right now, so that remembered ones can be believed.</summary>
    public bool IsTrusted => _trusted;

    /// <summary>Taken before asking the database; <see cref="Remember"/> refuses an answer older than a forget.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public bool IsActive(long userId, Guid sessionId) =>
        _trusted
        && _sessions.TryGetValue(sessionId, out var entry)
        && entry.UserId == userId
        && entry.ExpiresAt > time.GetTimestamp();

    /// <summary>Remembers a session the database found active, unless a session ended since <paramref name="generation"/>.</summary>
    public void Remember(long userId, Guid sessionId, long generation)
    {
        if (!_trusted || generation != Generation)
        {
            return;
        }

        if (_sessions.Count >= _options.MaxEntries)
        {
            // Far more sessions than a replica serves at once: start over rather than grow.
            _sessions.Clear();
        }

        _sessions[sessionId] = new Entry(userId, time.GetTimestamp() + (long)(_options.Lifetime.TotalSeconds * time.TimestampFrequency));
        if (generation != Generation)
        {
            // A forget ran while this was written: it may have missed the new entry.
            _sessions.TryRemove(sessionId, out _);
        }
    }

    /// <summary>An ended session: its next request, here, asks the database.</summary>
    public void Forget(Guid sessionId)
    {
        Interlocked.Increment(ref _generation);
        _sessions.TryRemove(sessionId, out _);
    }

    /// <summary>Ended sessions may now go unheard (the subscription is down): believe nothing remembered.</summary>
    public void Distrust()
    {
        _trusted = false;
        Interlocked.Increment(ref _generation);
        _sessions.Clear();
    }

    /// <summary>Ended sessions are heard again; whatever ended meanwhile was not, so start empty.</summary>
    public void Trust()
    {
        Interlocked.Increment(ref _generation);
        _sessions.Clear();
        _trusted = true;
    }

    private readonly record struct Entry(long UserId, long ExpiresAt);
}

/// <summary>Section <c>ActiveSessions</c>.</summary>
public sealed class ActiveSessionOptions
{
    public const string SectionName = "ActiveSessions";

    /// <summary>How long a session found active is believed without asking the database again.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(1);

    [Range(1, 10_000_000)]
    public int MaxEntries { get; set; } = 100_000;
}
