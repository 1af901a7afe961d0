using System.Diagnostics;
using AIVideo.Core.Videos;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace AIVideo.Worker.Jobs;

/// <summary>
/// Consumes <c>video-jobs</c>: handles up to <see cref="VideoJobOptions.Concurrency"/> messages at once,
/// taking a new one whenever one finishes (each kept invisible for as long as it takes, <see cref="JobMessageLease"/>), and
/// deletes each handled message; the handler has sent its follow-up already. A message whose
/// handling throws is left alone and comes back after its visibility timeout; past the dequeue
/// limit its video fails (refunded) and the message moves to <c>video-jobs-poison</c>.
/// </summary>
internal sealed partial class VideoJobProcessor(
    QueueServiceClient queues,
    IOptions<VideoQueueOptions> queueNames,
    IOptions<VideoJobOptions> options,
    IServiceScopeFactory scopes,
    VideoJobMetrics metrics,
    TimeProvider time,
    ILogger<VideoJobProcessor> logger) : BackgroundService
{
    /// <summary>Azure Storage queues hand out at most 32 messages per receive.</summary>
    private const int MaxMessagesPerReceive = 32;

    /// <summary>Named after the service: the service defaults trace the source of the application's own name.</summary>
    private static readonly ActivitySource s_activities = new("AIVideo.Worker");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var jobs = queues.GetQueueClient(queueNames.Value.Jobs);
        var poison = queues.GetQueueClient(queueNames.Value.Poison);
        var settings = options.Value;

        // A slot per message being handled: a new message is taken as soon as any one finishes, so a
        // slow step (a download) never holds back the others, as waiting for a whole batch would.
        using var slots = new SemaphoreSlim(settings.Concurrency);
        var running = new HashSet<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken);
                var free = 1;
                while (free < Math.Min(settings.Concurrency, MaxMessagesPerReceive) && slots.Wait(0, CancellationToken.None))
                {
                    free++;
                }

                var batch = await ReceiveAsync(jobs, free, settings.VisibilityTimeout, stoppingToken);
                if (free > batch.Length)
                {
                    slots.Release(free - batch.Length);
                }

                if (batch.Length == 0)
                {
                    await Task.Delay(settings.IdleDelay, stoppingToken);
                    continue;
                }

                running.RemoveWhere(task => task.IsCompleted);
                foreach (var message in batch)
                {
                    running.Add(ProcessInSlotAsync(jobs, poison, message, slots, stoppingToken));
                }
            }
        }
        finally
        {
            // Stopping: the messages in hand finish (or give up when cancelled) before the Worker exits.
            await Task.WhenAll(running);
        }
    }

    private async Task<QueueMessage[]> ReceiveAsync(QueueClient jobs, int count, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        try
        {
            // An idle queue is polled every few seconds: a trace for each poll would bury the jobs'
            // traces. A job's own trace continues from the traceparent its message carries.
            using (SuppressInstrumentationScope.Begin())
            {
                return (await jobs.ReceiveMessagesAsync(count, visibilityTimeout, cancellationToken)).Value;
            }
        }
        catch (RequestFailedException exception)
        {
            LogQueueUnavailable(logger, exception);
            return [];
        }
    }

    private async Task ProcessInSlotAsync(QueueClient jobs, QueueClient poison, QueueMessage message, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            await ProcessAsync(jobs, poison, message, cancellationToken);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task ProcessAsync(QueueClient jobs, QueueClient poison, QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var job = VideoJobMessage.Parse(message.Body);

            // A message is due when it becomes visible (its delay is over), and waits from then on.
            if (message.NextVisibleOn is { } visibleAgain && message.InsertedOn is { } inserted)
            {
                var due = message.DequeueCount == 1 ? inserted : visibleAgain - options.Value.VisibilityTimeout;
                metrics.PickedUp(time.GetUtcNow() - due);
            }

            // Continue the trace of the request that created the job: Api → queue → Worker → provider → blob.
            using var activity = s_activities.StartActivity("video-jobs process", ActivityKind.Consumer, job?.Traceparent);
            activity?.SetTag("messaging.system", "azure_storage_queues");
            activity?.SetTag("messaging.message.id", message.MessageId);
            activity?.SetTag("aivideo.video_id", job?.VideoId);
            await using var scope = scopes.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetRequiredService<VideoJobHandler>();
            if (job is null || message.DequeueCount > options.Value.MaxDequeueCount)
            {
                if (job is not null)
                {
                    await handler.AbandonAsync(job, cancellationToken);
                }

                await poison.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
                await jobs.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                LogPoisoned(logger, message.MessageId, message.DequeueCount);
                return;
            }

            var claim = Guid.NewGuid();
            await using var lease = JobMessageLease.Start(
                jobs, message, new ClaimedStep(job.VideoId, job.Attempt, job.Step, claim), scopes, options.Value.VisibilityTimeout, time, logger);
            await handler.HandleAsync(job, claim, cancellationToken);
            await jobs.DeleteMessageAsync(message.MessageId, await lease.StopAsync(), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Not acknowledged: the message reappears after its visibility timeout and is tried again.
            LogHandlingFailed(logger, exception, message.MessageId, message.DequeueCount);
        }
    }

    [LoggerMessage(LogLevel.Warning, "The jobs queue is unavailable")]
    private static partial void LogQueueUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(LogLevel.Error, "Handling message {MessageId} failed (attempt {DequeueCount}); it will be retried")]
    private static partial void LogHandlingFailed(ILogger logger, Exception exception, string messageId, long dequeueCount);

    [LoggerMessage(LogLevel.Error, "Message {MessageId} moved to the poison queue after {DequeueCount} attempts")]
    private static partial void LogPoisoned(ILogger logger, string messageId, long dequeueCount);
}
