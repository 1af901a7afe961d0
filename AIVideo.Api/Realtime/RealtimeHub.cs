using System.Collections.Concurrent;

namespace AIVideo.Api.Realtime;

/// <summary>
/// This process's open realtime connections, by user. The Redis listener hands each event to the
/// hub once; the hub puts it in the buffer of each of that user's connections and returns at once,
/// so a slow connection never delays the others.
/// </summary>
internal sealed class RealtimeHub
{
    // Arrays are replaced, never changed, so routing an event reads them without a lock.
    private readonly ConcurrentDictionary<long, RealtimeClient[]> _byUser = new();
    private readonly Lock _gate = new();
    private long _lastEventId;
    private int _count;
    private string? _closedReason;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Per process and increasing: the SSE <c>id:</c> field.</summary>
    public long NextEventId() => Interlocked.Increment(ref _lastEventId);

    public Registration Add(RealtimeClient client) => TryAdd(client, int.MaxValue)!;

    /// <summary>
    /// Registers the client unless its user already has <paramref name="maxPerUser"/> connections in this
    /// process; null then, and nothing is registered.
    /// </summary>
    public Registration? TryAdd(RealtimeClient client, int maxPerUser)
    {
        string? closedReason;
        lock (_gate)
        {
            var clients = _byUser.GetValueOrDefault(client.UserId);
            if (clients is not null && clients.Length >= maxPerUser)
            {
                return null;
            }

            _byUser[client.UserId] = clients is null ? [client] : [.. clients, client];
            _count++;
            closedReason = _closedReason;
        }

        // Accepted between the shutdown signal and Kestrel no longer accepting: end it at once.
        if (closedReason is not null)
        {
            client.Close(closedReason);
        }

        return new Registration(this, client);
    }

    public bool HasClients(long userId) => _byUser.ContainsKey(userId);

    public int CountFor(long userId) => _byUser.TryGetValue(userId, out var clients) ? clients.Length : 0;

    public void Publish(long userId, RealtimeEvent item)
    {
        if (_byUser.TryGetValue(userId, out var clients))
        {
            foreach (var client in clients)
            {
                client.Deliver(item);
            }
        }
    }

    public void PublishToAll(RealtimeEvent item)
    {
        foreach (var clients in _byUser.Values)
        {
            foreach (var client in clients)
            {
                client.Deliver(item);
            }
        }
    }

    public void CloseSession(long userId, Guid sessionId, string reason)
    {
        if (_byUser.TryGetValue(userId, out var clients))
        {
            foreach (var client in clients.Where(c => c.SessionId == sessionId))
            {
                client.Close(reason);
            }
        }
    }

    /// <summary>Ends every connection, and any that arrives later, so that a stopping process drains at once.</summary>
    public void CloseAll(string reason)
    {
        lock (_gate)
        {
            _closedReason = reason;
        }

        foreach (var clients in _byUser.Values)
        {
            foreach (var client in clients)
            {
                client.Close(reason);
            }
        }
    }

    private void Remove(RealtimeClient client)
    {
        lock (_gate)
        {
            if (!_byUser.TryGetValue(client.UserId, out var clients))
            {
                return;
            }

            var remaining = Array.FindAll(clients, c => c != client);
            if (remaining.Length == 0)
            {
                _byUser.TryRemove(client.UserId, out _);
            }
            else
            {
                _byUser[client.UserId] = remaining;
            }

            _count -= clients.Length - remaining.Length;
        }
    }

    public sealed class Registration(RealtimeHub hub, RealtimeClient client) : IDisposable
    {
        public void Dispose() => hub.Remove(client);
    }
}
