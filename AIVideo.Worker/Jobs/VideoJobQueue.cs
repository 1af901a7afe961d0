using AIVideo.Core.Videos;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace AIVideo.Worker.Jobs;

/// <summary>Sends the Worker's own job messages (a step's follow-up, a copy told to look again) to <c>video-jobs</c>.</summary>
internal sealed class VideoJobQueue(QueueServiceClient queues, IOptions<VideoQueueOptions> names)
{
    private readonly QueueClient _jobs = queues.GetQueueClient(names.Value.Jobs);

    public Task SendAsync(VideoJobMessage job, TimeSpan delay, CancellationToken cancellationToken) =>
        _jobs.SendMessageAsync(job.ToPayload(), visibilityTimeout: delay > TimeSpan.Zero ? delay : TimeSpan.Zero, cancellationToken: cancellationToken);
}
