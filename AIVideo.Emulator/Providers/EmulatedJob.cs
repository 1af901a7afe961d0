namespace AIVideo.Emulator.Providers;

internal enum JobPhase
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

internal enum JobFailure
{
    None,
    Internal,
    Moderation,
}

/// <summary>A job's state at one instant. <see cref="Progress"/> is the share of the job's time elapsed, 0 to 1.</summary>
internal sealed record JobState(JobPhase Phase, double Progress, JobFailure Failure, RenderedMedia? Media, DateTimeOffset? FinishedAt)
{
    public bool IsTerminal => Phase is JobPhase.Succeeded or JobPhase.Failed or JobPhase.Cancelled;
}

/// <summary>
/// One generation job of any provider kind. Its state is computed from the elapsed time on each
/// read, so no timer runs; the media is rendered once, in the background, from creation.
/// </summary>
internal sealed class EmulatedJob : IDisposable
{
    // The first share of the job's time is spent queued; an input moderation refusal comes at its end.
    private const double QueuedShare = 0.15;

    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _cancellation;
    private int _statusCalls;
    private DateTimeOffset? _cancelledAt;

    public EmulatedJob()
    {
        _cancellation = new CancellationTokenSource();
        // Taken now: the render may start after the job has been forgotten and its source disposed.
        CancellationToken = _cancellation.Token;
    }

    public required string Id { get; init; }
    public required string Kind { get; init; }
    public required string Model { get; init; }
    public required string Prompt { get; init; }
    public required int Width { get; init; }
    public required int Height { get; init; }
    public required int Seconds { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required TimeSpan Duration { get; init; }
    public required Scenario Scenario { get; init; }

    /// <summary>Null for a job that is meant to fail: there is nothing to render.</summary>
    public Task<RenderedMedia>? Render { get; set; }

    public CancellationToken CancellationToken { get; }

    /// <summary>True only for the first status read, for <c>[emulator:500]</c>.</summary>
    public bool IsFirstStatusCall() => Interlocked.Increment(ref _statusCalls) == 1;

    /// <summary>Cancels a job that has not finished; false when it already had.</summary>
    public bool Cancel(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (StateAt(now).IsTerminal)
            {
                return false;
            }

            _cancelledAt = now;
        }

        _cancellation.Cancel();
        return true;
    }

    /// <summary>Stops the rendering of a job that is being forgotten.</summary>
    public void Dispose()
    {
        _cancellation.Cancel();
        _cancellation.Dispose();
    }

    public JobState StateAt(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_cancelledAt is { } cancelledAt)
            {
                return new JobState(JobPhase.Cancelled, Fraction(cancelledAt), JobFailure.None, null, cancelledAt);
            }
        }

        var fraction = Fraction(now);
        var endOfQueue = CreatedAt + Duration * QueuedShare;
        if (Scenario.HasFlag(Scenario.Moderation) && now >= endOfQueue)
        {
            return new JobState(JobPhase.Failed, QueuedShare, JobFailure.Moderation, null, endOfQueue);
        }

        if (fraction < QueuedShare)
        {
            return new JobState(JobPhase.Queued, fraction, JobFailure.None, null, null);
        }

        if (fraction < 1)
        {
            return new JobState(JobPhase.Running, fraction, JobFailure.None, null, null);
        }

        var end = CreatedAt + Duration;
        if (Scenario.HasFlag(Scenario.Fail) || Render is null)
        {
            return new JobState(JobPhase.Failed, 1, JobFailure.Internal, null, end);
        }

        if (Render.IsCompletedSuccessfully)
        {
            var media = Render.Result;
            return new JobState(JobPhase.Succeeded, 1, JobFailure.None, media, media.RenderedAt > end ? media.RenderedAt : end);
        }

        if (Render.IsFaulted || Render.IsCanceled)
        {
            // Observed here so the runtime does not report it again; the renderer has logged it.
            _ = Render.Exception;
            return new JobState(JobPhase.Failed, 1, JobFailure.Internal, null, end);
        }

        // Time is up but ffmpeg is still busy: stay just short of done rather than block the caller.
        return new JobState(JobPhase.Running, 0.99, JobFailure.None, null, null);
    }

    private double Fraction(DateTimeOffset now) =>
        Duration <= TimeSpan.Zero ? 1 : Math.Clamp((now - CreatedAt) / Duration, 0, 1);
}
