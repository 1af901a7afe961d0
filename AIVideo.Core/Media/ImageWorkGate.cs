namespace AIVideo.Core.Media;

/// <summary>
/// The process-wide limit on image decodes running at once. A decode's memory is bounded by the pixel
/// limit and the scaled decode, but not the number of decodes: without this, 50 anonymous uploads at
/// once decode 50 images at once. Callers wait their turn; the Api waits asynchronously.
/// </summary>
public static class ImageWorkGate
{
    /// <summary>
    /// Two: decoding is CPU-bound (more slots than cores buys no throughput), and two worst-case decodes
    /// (a progressive JPEG or interlaced PNG at the pixel limit) stay within the Api's memory budget.
    /// </summary>
    public const int MaxConcurrentDecodes = 2;

    private static readonly SemaphoreSlim s_slots = new(MaxConcurrentDecodes, MaxConcurrentDecodes);
    private static int s_waiting;

    /// <summary>Callers waiting for a slot right now (the tests watch it to see a decode held back).</summary>
    public static int Waiting => Volatile.Read(ref s_waiting);

    /// <summary>Blocks the thread until a slot frees: only for callers with few threads (the Worker's jobs).</summary>
    public static Slot Enter()
    {
        Interlocked.Increment(ref s_waiting);
        try
        {
            s_slots.Wait();
        }
        finally
        {
            Interlocked.Decrement(ref s_waiting);
        }

        return new Slot();
    }

    public static async Task<Slot> EnterAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref s_waiting);
        try
        {
            await s_slots.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref s_waiting);
        }

        return new Slot();
    }

    /// <summary>A held slot; disposing it lets the next caller in.</summary>
    public sealed class Slot : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                s_slots.Release();
            }
        }
    }
}
