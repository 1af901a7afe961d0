using AIVideo.Core.Videos;
using Refit;

namespace AIVideo.Worker.Providers;

/// <summary><c>openai-videos</c>: Sora 2 through Azure OpenAI or any OpenAI-compatible gateway (video-providers.md §1).</summary>
internal sealed class OpenAIVideosProvider(ProviderApis<IOpenAIVideosApi> apis, ILogger<OpenAIVideosProvider> logger) : IVideoProvider
{
    public const string Seconds = "8";
    public const int Width = 1280;
    public const int Height = 720;
    public static readonly string Size = $"{Width}x{Height}";

    public string Kind => ProviderKinds.OpenAIVideos;

    public async Task<ProviderSubmitResult> SubmitAsync(ProviderJobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = request.Model;
        ByteArrayPart? reference = null;
        if (request.Image is { } image)
        {
            // The reference becomes the first frame and must match the size pixel for pixel, or the provider answers 400.
            if (ProviderImages.TryCoverResize(image, Width, Height) is not { } jpeg)
            {
                return new ProviderSubmitResult.Rejected(ProviderReasons.ReferenceImageUnreadable, IsContentPolicy: false);
            }

            reference = new ByteArrayPart(jpeg, "reference.jpg", "image/jpeg");
        }

        var api = apis.For(model);
        var reply = await ProviderCalls.CallAsync(
            () => reference is null
                ? api.CreateVideoAsync(model.Options.ProviderModel, request.Prompt, Seconds, Size, cancellationToken)
                : api.CreateVideoWithReferenceAsync(model.Options.ProviderModel, request.Prompt, Seconds, Size, reference, cancellationToken),
            cancellationToken);
        var result = ProviderCalls.ToSubmitResult(reply, video => video.Id);
        if (result is not ProviderSubmitResult.Accepted)
        {
            ProviderCalls.LogFault(logger, reply, "Creating a video", model);
        }

        return result;
    }

    public async Task<ProviderJobStatus> GetStatusAsync(VideoModel model, string providerJobId, CancellationToken cancellationToken)
    {
        var reply = await ProviderCalls.CallAsync(() => apis.For(model).GetVideoAsync(providerJobId, cancellationToken), cancellationToken);
        if (reply is not { Kind: ReplyKind.Ok, Value: { } video })
        {
            ProviderCalls.LogFault(logger, reply, "Reading a video's status", model);
            return ProviderCalls.ToStatusFault(reply);
        }

        return video.Status switch
        {
            "queued" or "in_progress" => new ProviderJobStatus.Running(ProviderImages.Percent(video.Progress)),
            "completed" => new ProviderJobStatus.Succeeded(),
            "failed" => Failed(model, video.Error),
            _ => Unrecognised(model, video.Status),
        };
    }

    public Task<ProviderDownloadResult> DownloadAsync(VideoModel model, string providerJobId, CancellationToken cancellationToken)
    {
        var api = apis.For(model);
        return ProviderCalls.DownloadAsync(
            () => api.GetContentAsync(providerJobId, "video", cancellationToken),
            () => api.GetContentAsync(providerJobId, "thumbnail", cancellationToken),
            logger,
            cancellationToken);
    }

    public async Task CancelAsync(VideoModel model, string providerJobId, CancellationToken cancellationToken)
    {
        var reply = await ProviderCalls.CallAsync(() => apis.For(model).DeleteVideoAsync(providerJobId, cancellationToken), cancellationToken);
        if (reply.Kind != ReplyKind.Ok)
        {
            ProviderCalls.LogFault(logger, reply, "Deleting a video", model);
        }
    }

    private ProviderJobStatus.Failed Failed(VideoModel model, OpenAIVideoError? error)
    {
        ProviderCalls.LogJobFailure(logger, model, new ProviderError(error?.Code, error?.Message, null));
        return ProviderError.IsContentPolicyCode(error?.Code)
            ? new(ProviderReasons.ContentPolicy, IsContentPolicy: true)
            : new(ProviderReasons.GenerationFailed, IsContentPolicy: false);
    }

    private ProviderJobStatus.TransientError Unrecognised(VideoModel model, string? status)
    {
        logger.LogError("Model {Model} answered an unknown video status '{Status}'", model.Id, status);
        return new("The provider answered an unknown status.");
    }
}
