using System.Diagnostics;
using System.Text.Json;
using AIVideo.Core.Serialization;

namespace AIVideo.Core.Videos;

/// <summary>
/// The <c>video-jobs</c> queue payload, built only here. <see cref="Attempt"/> tells a message of an
/// earlier attempt from a current one, and <see cref="Step"/> a message of an earlier step from the
/// current one, so a stale or duplicate copy changes nothing; <see cref="Traceparent"/> carries the
/// creating request's trace.
/// </summary>
public sealed record VideoJobMessage(long VideoId, int Attempt, string? Traceparent)
{
    /// <summary>The step of the attempt this message drives (0 = the submit); see <c>Video.JobStep</c>.</summary>
    public int Step { get; init; }

    /// <summary>Set when the video was deleted while unfinished: cancel the provider job if there is one.</summary>
    public VideoCancellation? Cancel { get; init; }

    /// <summary>When the provider accepted the job, for the generation-time metric (the deadline counts from the attempt's start).</summary>
    public DateTime? SubmittedAt { get; init; }

    /// <summary>How many status polls came before this one, for the back-off.</summary>
    public int Polls { get; init; }

    /// <summary>The first message of an attempt (generate or retry), in the current trace.</summary>
    public static VideoJobMessage StartOf(long videoId, int attempt) => new(videoId, attempt, Activity.Current?.Id);

    /// <summary>Asks the Worker to cancel the provider job of a video deleted while unfinished.</summary>
    public static VideoJobMessage CancelOf(long videoId, int attempt, string model, string providerJobId) =>
        StartOf(videoId, attempt) with { Cancel = new VideoCancellation(model, providerJobId) };

    /// <summary>The first poll, after the provider accepted the job.</summary>
    public VideoJobMessage Submitted(DateTime acceptedAt) => this with { Step = Step + 1, SubmittedAt = acceptedAt, Polls = 0 };

    /// <summary>The next poll of the provider job.</summary>
    public VideoJobMessage Polled() => this with { Step = Step + 1, Polls = Polls + 1 };

    /// <summary>The submit again, after the provider asked us to come back later.</summary>
    public VideoJobMessage Postponed() => this with { Step = Step + 1 };

    public string ToPayload() => JsonSerializer.Serialize(this, AIVideoJson.Options);

    /// <summary>The message in a queue body, or null when the body is not one.</summary>
    public static VideoJobMessage? Parse(BinaryData body)
    {
        try
        {
            return body.ToObjectFromJson<VideoJobMessage>(AIVideoJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The provider job of a deleted video, and the model whose endpoint it runs on.</summary>
public sealed record VideoCancellation(string Model, string ProviderJobId);
