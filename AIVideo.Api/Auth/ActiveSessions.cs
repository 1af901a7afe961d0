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
    private readonly ReplicaMemory<Guid, long> _owners = new(link, time, options.Value.MaxEntries);
    private readonly TimeSpan _lifetime = options.Value.Lifetime;

    /// <summary>Taken before asking the database; <see cref="Remember"/> then refuses an answer older than a forget or a lost link.</summary>
    public MemoryStamp StampOf(Guid sessionId) => _owners.StampOf(sessionId);

    public bool IsActive(long userId, Guid sessionId) => _owners.TryGet(sessionId, out var owner) && owner == userId;

    /// <summary>Remembers a session the database found active, unless it ended or the link was lost since <paramref name="stamp"/>.</summary>
    public void Remember(long userId, Guid sessionId, MemoryStamp stamp) => _owners.Remember(sessionId, userId, stamp, _lifetime);

    /// <summary>An ended session: its next request, here, asks the database.</summary>
    public void Forget(Guid sessionId) => _owners.Forget(sessionId);
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
