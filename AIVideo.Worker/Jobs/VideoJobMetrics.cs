using System.Diagnostics.Metrics;
using AIVideo.Core.Data;
using AIVideo.Core.Data.Entities;
using AIVideo.Core.Videos;

namespace AIVideo.Worker.Jobs;

/// <summary>The pipeline's own instruments (meter <c>AIVideo.Worker</c>, exported with the service defaults).</summary>
internal sealed class VideoJobMetrics
{
    public const string MeterName = "AIVideo.Worker";

    private readonly Counter<long> _finished;
    private readonly Histogram<double> _generationSeconds;
    private readonly Counter<long> _providerErrors;
    private readonly Histogram<double> _pickupSeconds;
    private readonly Counter<long> _skipped;

    public VideoJobMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _finished = meter.CreateCounter<long>("aivideo.video_jobs.finished", description: "Video attempts that reached a final state, by model and outcome.");
        _generationSeconds = meter.CreateHistogram<double>("aivideo.video_jobs.generation.duration", "s", "From provider acceptance to the video stored.");
        _providerErrors = meter.CreateCounter<long>("aivideo.video_jobs.provider_errors", description: "Provider calls that failed or were refused, by provider kind and kind of error.");
        _skipped = meter.CreateCounter<long>("aivideo.video_jobs.messages_skipped", description: "Job messages that did not act: obsolete, early, or a copy of a step another Worker holds.");
        _pickupSeconds = meter.CreateHistogram<double>("aivideo.video_jobs.pickup.latency", "s", "How long a due message waited in the queue before a Worker took it.");
    }

    public void Finished(string model, VideoStatus outcome) =>
        _finished.Add(1, new KeyValuePair<string, object?>("model", model), new KeyValuePair<string, object?>("outcome", VideoLifecycle.NameOf(outcome)));

    public void Skipped(StepRefusal reason) =>
        _skipped.Add(1, new KeyValuePair<string, object?>("reason", SnakeCaseNames.Of(reason)));

    public void Generated(string model, TimeSpan duration) =>
        _generationSeconds.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("model", model));

    public void ProviderError(string provider, string error) =>
        _providerErrors.Add(1, new KeyValuePair<string, object?>("provider", provider), new KeyValuePair<string, object?>("error", error));

    public void PickedUp(TimeSpan waited) => _pickupSeconds.Record(Math.Max(0, waited.TotalSeconds));
}
