using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace AIVideo.Emulator.Providers;

/// <summary>The emulated providers' jobs, in memory: the Emulator is one local process and keeps nothing across restarts.</summary>
internal sealed class JobStore(VideoRenderer renderer, TimeProvider time, IOptions<EmulatorOptions> options, ILogger<JobStore> logger)
{
    // Azure keeps outputs 24 h; the Emulator forgets jobs after that so a long-running process stays small.
    private static readonly TimeSpan s_retention = TimeSpan.FromHours(24);

    private readonly ConcurrentDictionary<string, EmulatedJob> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _rateLimitedPrompts = new(StringComparer.Ordinal);

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>True once per provider kind and prompt holding <c>[emulator:429]</c>: the first create is refused.</summary>
    public bool ShouldRateLimit(string kind, string prompt) =>
        Scenarios.Parse(prompt).HasFlag(Scenario.RateLimitFirstCreate) && _rateLimitedPrompts.TryAdd(kind + "\n" + prompt, 0);

    /// <summary>Starts a job; a <c>[emulator:slow-create]</c> prompt answers late, as a provider under load does.</summary>
    public async Task<EmulatedJob> CreateAsync(string kind, string id, string model, string prompt, int width, int height, int seconds, byte[]? referenceImage)
    {
        Prune();
        var scenario = Scenarios.Parse(prompt);
        var settings = options.Value;
        if (scenario.HasFlag(Scenario.SlowCreate))
        {
            await Task.Delay(settings.SlowCreateDelay, time);
        }

        var job = new EmulatedJob
        {
            Id = id,
            Kind = kind,
            Model = model,
            Prompt = prompt,
            Width = width,
            Height = height,
            Seconds = seconds,
            CreatedAt = Now,
            Duration = scenario.HasFlag(Scenario.Slow) ? settings.SlowJobDuration : settings.JobDuration,
            Scenario = scenario,
        };

        if (!scenario.HasFlag(Scenario.Fail) && !scenario.HasFlag(Scenario.Moderation))
        {
            var request = new RenderRequest(width, height, seconds, prompt, referenceImage);
            job.Render = Task.Run(() => RenderAsync(job, request));
        }

        _jobs[id] = job;
        return job;
    }

    /// <summary>The jobs created with a prompt, now: how a test proves that duplicates never submit twice.</summary>
    public IReadOnlyList<JobState> StatesOfJobsCreatedWith(string prompt) =>
        [.. _jobs.Values.Where(job => job.Prompt == prompt).Select(job => job.StateAt(Now))];

    public EmulatedJob? Find(string kind, string id) =>
        _jobs.TryGetValue(id, out var job) && job.Kind == kind ? job : null;

    public bool Remove(string kind, string id)
    {
        if (Find(kind, id) is not { } job || !_jobs.TryRemove(id, out _))
        {
            return false;
        }

        job.Dispose();
        return true;
    }

    private async Task<RenderedMedia> RenderAsync(EmulatedJob job, RenderRequest request)
    {
        try
        {
            return await renderer.RenderAsync(request, job.CancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Rendering the video of {Kind} job {JobId} failed", job.Kind, job.Id);
            throw;
        }
    }

    private void Prune()
    {
        var cutoff = Now - s_retention;
        foreach (var (id, job) in _jobs)
        {
            if (job.CreatedAt < cutoff && _jobs.TryRemove(id, out _))
            {
                job.Dispose();
            }
        }
    }
}
