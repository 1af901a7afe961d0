using System.Collections.Concurrent;

namespace AIVideo.Api.Infrastructure.Replicas;

/// <summary>
/// Values a replica keeps in its own memory because a <see cref="ReplicaLink"/> tells it when they
/// change: a value is served only while the link is live, in the link's epoch it was read in,
/// within its lifetime, and only if nothing forgot its key (or everything) since it was read.
/// </summary>
/// <remarks>
/// Forgetting moves a version instead of removing entries: a caller takes <see cref="StampOf"/>
/// before it reads, and a value whose stamp is no longer current is never served, so a read that
/// raced a forget cannot be kept past it. Keys share versions by slot (<c>slotOf</c>, the key's hash
/// unless given): a forget also retires the other keys of its slot, which costs them one read.
/// </remarks>
public sealed class ReplicaMemory<TKey, TValue>(ReplicaLink link, TimeProvider time, int capacity, Func<TKey, int>? slotOf = null)
    where TKey : notnull
{
    private const int Slots = 4096;

    private readonly ConcurrentDictionary<TKey, Entry> _entries = new();
    private readonly long[] _slotVersions = new long[Slots];
    private readonly Func<TKey, int> _slotOf = slotOf ?? (key => key.GetHashCode());
    private long _version;

    /// <summary>Taken before reading a value to <see cref="Remember"/> under <paramref name="key"/>.</summary>
    public MemoryStamp StampOf(TKey key) =>
        new(link.Epoch, Interlocked.Read(ref _version), Interlocked.Read(ref _slotVersions[SlotOf(key)]));

    public bool TryGet(TKey key, out TValue value)
    {
        if (link.IsLive
            && _entries.TryGetValue(key, out var entry)
            && entry.Stamp == StampOf(key)
            && entry.ExpiresAt > time.GetTimestamp())
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>
    /// The value kept under <paramref name="key"/>, or else what <paramref name="read"/> reads
    /// (given <paramref name="state"/>, so that a hit allocates nothing), kept unless null.
    /// </summary>
    public async ValueTask<TValue?> GetOrReadAsync<TState>(TKey key, TState state, Func<TState, ValueTask<TValue?>> read, TimeSpan lifetime)
    {
        if (TryGet(key, out var kept))
        {
            return kept;
        }

        var stamp = StampOf(key);
        var value = await read(state);
        if (value is not null)
        {
            Remember(key, value, stamp, lifetime);
        }

        return value;
    }

    /// <summary>Keeps <paramref name="value"/>, read after <paramref name="stamp"/> was taken, for at most <paramref name="lifetime"/>.</summary>
    public void Remember(TKey key, TValue value, MemoryStamp stamp, TimeSpan lifetime)
    {
        if (!link.IsLive || stamp != StampOf(key))
        {
            return;
        }

        if (_entries.Count >= capacity)
        {
            // Far more than a replica serves at once: start over rather than grow.
            _entries.Clear();
        }

        _entries[key] = new Entry(value, stamp, time.GetTimestamp() + (long)(lifetime.TotalSeconds * time.TimestampFrequency));
    }

    /// <summary><paramref name="key"/> changed: it, and every key of its slot, is read again.</summary>
    public void Forget(TKey key) => Interlocked.Increment(ref _slotVersions[SlotOf(key)]);

    /// <summary>Everything changed: every key is read again.</summary>
    public void ForgetAll()
    {
        Interlocked.Increment(ref _version);
        _entries.Clear();
    }

    private int SlotOf(TKey key) => (int)((uint)_slotOf(key) % Slots);

    private sealed record Entry(TValue Value, MemoryStamp Stamp, long ExpiresAt);
}

/// <summary>When a <see cref="ReplicaMemory{TKey,TValue}"/> value was read: the link's epoch, and the versions of everything and of the key's slot.</summary>
public readonly record struct MemoryStamp(long Epoch, long Version, long SlotVersion);
