namespace AIVideo.Api.Outbox;

/// <summary>
/// Wakes this process's <see cref="OutboxDispatcher"/> when a request has committed an outbox row,
/// so the message goes out at once, off the request. Wake-ups while the dispatcher is busy fold
/// into one: it sends every pending row each time it looks.
/// </summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _pending = new(0);

    /// <summary>Called after the commit of a transaction that wrote an outbox row.</summary>
    public void Notify()
    {
        if (_pending.CurrentCount == 0)
        {
            _pending.Release();
        }
    }

    /// <summary>Waits for a notification, at most <paramref name="timeout"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (await _pending.WaitAsync(timeout, cancellationToken))
        {
            // Notifications that raced the one taken are covered by the look that follows.
            while (_pending.Wait(0, CancellationToken.None))
            {
            }
        }
    }

    public void Dispose() => _pending.Dispose();
}
