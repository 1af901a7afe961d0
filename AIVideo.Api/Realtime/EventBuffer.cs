namespace AIVideo.Api.Realtime;

/// <summary>
/// The events waiting for one connection, bounded so that a slow client costs a fixed amount of
/// memory and never holds up the fan-out. A progress event is only worth its latest value, so an
/// unsent one is replaced by a newer event of the same video, and when the buffer is full the oldest
/// progress event goes. Terminal events (<c>completed</c>, <c>failed</c>, <c>resync</c>) are kept;
/// a client so far behind that the buffer is full of them is too slow to serve and gets closed.
/// (A bounded <c>Channel</c> can only drop the newest or oldest item, not choose by kind.)
/// </summary>
internal sealed class EventBuffer(int capacity) : IDisposable
{
    private readonly LinkedList<RealtimeEvent> _events = new();

    // One release per accepted write; a reader that wakes to an event dropped since just waits again.
    private readonly SemaphoreSlim _written = new(0);

    public int Dropped { get; private set; }

    public int Count
    {
        get
        {
            lock (_events)
            {
                return _events.Count;
            }
        }
    }

    /// <summary>False when the event could not be kept and the connection must be closed.</summary>
    public bool Write(RealtimeEvent item)
    {
        lock (_events)
        {
            if (item.VideoId is { } videoId && Find(e => !e.IsTerminal && e.VideoId == videoId) is { } superseded)
            {
                _events.Remove(superseded);
                Dropped++;
            }

            if (_events.Count >= capacity)
            {
                if (Find(e => !e.IsTerminal) is { } oldestProgress)
                {
                    _events.Remove(oldestProgress);
                    Dropped++;
                }
                else if (!item.IsTerminal)
                {
                    Dropped++;
                    return true;
                }
                else
                {
                    return false;
                }
            }

            _events.AddLast(item);
        }

        _written.Release();
        return true;
    }

    public async ValueTask<RealtimeEvent> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await _written.WaitAsync(cancellationToken);
            lock (_events)
            {
                if (_events.First is { } first)
                {
                    _events.RemoveFirst();
                    return first.Value;
                }
            }
        }
    }

    public void Dispose() => _written.Dispose();

    private LinkedListNode<RealtimeEvent>? Find(Func<RealtimeEvent, bool> match)
    {
        for (var node = _events.First; node is not null; node = node.Next)
        {
            if (match(node.Value))
            {
                return node;
            }
        }

        return null;
    }
}
