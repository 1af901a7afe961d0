using System.Globalization;
using System.Text.Json;
using AIVideo.Core.Videos;
using Refit;

namespace AIVideo.Worker.Providers;

/// <summary><c>azure-sora-jobs</c>: Azure OpenAI Sora 1 video generation jobs (video-providers.md §2).</summary>
internal sealed class AzureSoraJobsProvider(ProviderApis<IAzureSoraJobsApi> apis, ILogger<AzureSoraJobsProvider> logger) : IVideoProvider
{
    public const int Width = 1280;
    public const int Height = 720;
    public const int Seconds = 5;
    public const string ReferenceFileName = "ref.jpg";

    public string Kind => ProviderKinds.AzureSoraJobs;

    public async Task<ProviderSubmitResult> SubmitAsync(ProviderJobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = request.Model;
        var api = apis.For(model);
        Func<Task<IApiResponse<AzureSoraJob>>> send;
        if (request.Image is { } image)
        {
            if (ProviderImages.TryCoverResize(image, Width, Height) is not { } jpeg)
            {
                return new ProviderSubmitResult.Rejected(ProviderReasons.ReferenceImageUnreadable, IsContentPolicy: false);
            }

            // A JSON string inside the form, naming the file part: the provider matches them by name.
            var inpaintItems = JsonSerializer.Serialize(new[]
            {
                new AzureSoraInpaintItem(0, "image", ReferenceFileName, new AzureSoraCropBounds(0, 0, 1, 1)),
            });
            send = () => api.CreateJobWithImageAsync(
                model.Options.ProviderModel,
                request.Prompt,
                Width.ToString(CultureInfo.InvariantCulture),
                Height.ToString(CultureInfo.InvariantCulture),
                Seconds.ToString(CultureInfo.InvariantCulture),
                "1",
                inpaintItems,
                new ByteArrayPart(jpeg, ReferenceFileName, "image/jpeg"),
                cancellationToken);
        }
        else
        {
            send = () => api.CreateJobAsync(new AzureSoraJobRequest(model.Options.ProviderModel, request.Prompt, Width, Height, Seconds, 1), cancellationToken);
        }

        var reply = await ProviderCalls.CallAsync(send, cancellationToken);
        var result = ProviderCalls.ToSubmitResult(reply, job => job.Id);
        if (result is not ProviderSubmitResult.Accepted)
        {
            ProviderCalls.LogFault(logger, reply, "Creating a video generation job", model);
        }

        return result;
    }

    public async Task<ProviderJobStatus> GetStatusAsync(VideoModel model, string providerJobId, CancellationToken cancellationToken)
    {
        var reply = await ProviderCalls.CallAsync(() => apis.For(model).GetJobAsync(providerJobId, cancellationToken), cancellationToken);
        if (reply is not { Kind: ReplyKind.Ok, Value: { } job })
        {
            ProviderCalls.LogFault(logger, reply, "Reading a job's status", model);
            return ProviderCalls.ToStatusFault(reply);
        }

        // This API reports no progress.
        return job.Status switch
        {
            "preprocessing" or "queued" or "running" or "processing" => new ProviderJobStatus.Running(null),
            "succeeded" when job.Generations is [{ Id.Length: > 0 }, ..] => new ProviderJobStatus.Succeeded(),
            "succeeded" => new ProviderJobStatus.Failed("The provider finished the job without a video.", IsContentPolicy: false),
            "failed" => Failed(job.FailureReason),
            "cancelled" => new ProviderJobStatus.Failed(ProviderReasons.Cancelled, IsContentPolicy: false),
            _ => Unrecognised(model, job.Status),
        };
    }

    public async Task<ProviderDownloadResult> DownloadAsync(VideoModel model, string providerJobId, CancellationToken cancellationToken)
    {
        // The outputs are addressed by generation, which only the job knows.
        var api = apis.For(model);
        var reply = await ProviderCalls.CallAsync(() => api.GetJobAsync(providerJobId, cancellationToken), cancellationToken);
        if (reply is not { Kind: ReplyKind.Ok, Value: { } job })
        {
            ProviderCalls.LogFault(logger, reply, "Reading a job before download", model);
            return ProviderCalls.ToDownloadFault(reply);
        }

        if (job.Generations is not [{ Id: { Length: > 0 } generationId }, ..])
        {
            return new ProviderDownloadResult.Failed("The provider's job has no video.", IsTransient: job.Status != "succeeded");
        }

        return await ProviderCalls.DownloadAsync(
            () => api.GetVideoAsync(generationId, cancellationToken),
            () => api.GetThumbnailAsync(generationId, cancellationToken),
            logger,
            cancellationToken);
    }

    public async Task CancelAsync(VideoModel model, string providerJobId, CancellationToken cancellationToken)
    {
        var reply = await ProviderCalls.CallAsync(() => apis.For(model).DeleteJobAsync(providerJobId, cancellationToken), cancellationToken);
        if (reply.Kind != ReplyKind.Ok)
        {
            ProviderCalls.LogFault(logger, reply, "Cancelling a job", model);
        }
    }

    private static ProviderJobStatus.Failed Failed(string? failureReason) => failureReason switch
    {
        "input_moderation" => new(ProviderReasons.ContentPolicy, IsContentPolicy: true),
        "output_moderation" => new(ProviderReasons.OutputContentPolicy, IsContentPolicy: true),
        _ when ProviderError.IsContentPolicyCode(failureReason) => new(ProviderReasons.ContentPolicy, IsContentPolicy: true),
        _ => new(ProviderReasons.GenerationFailed, IsContentPolicy: false),
    };

    private ProviderJobStatus.TransientError Unrecognised(VideoModel model, string? status)
    {
        logger.LogError("Model {Model} answered an unknown job status '{Status}'", model.Id, status);
        return new("The provider answered an unknown status.");
    }
}
