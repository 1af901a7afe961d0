using AIVideo.Core.Videos;

namespace AIVideo.Worker.Providers;

/// <summary><c>runway</c>: the Runway developer API, image-to-video only (video-providers.md §3).</summary>
internal sealed class RunwayProvider(ProviderApis<IRunwayApi> apis, IHttpClientFactory httpClientFactory, ILogger<RunwayProvider> logger) : IVideoProvider
{
    public const string ApiVersion = "2024-11-06";
    public const int Duration = 5;
    public const int MaxPromptLength = 1000;

    /// <summary>Runway's limit on a data URI <c>promptImage</c>.</summary>
    public const int MaxDataUriLength = 5 * 1024 * 1024;

    private const string DataUriPrefix = "data:image/jpeg;base64,";

    public string Kind => ProviderKinds.Runway;

    /// <summary>The output frame of a Runway model, which the reference image is cropped to.</summary>
    public static (int Width, int Height) FrameSize(string providerModel) =>
        providerModel.StartsWith("gen3a", StringComparison.OrdinalIgnoreCase) ? (1280, 768) : (1280, 720);

    public async Task<ProviderSubmitResult> SubmitAsync(ProviderJobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = request.Model;
        if (request.Image is not { } image)
        {
            return new ProviderSubmitResult.Rejected(ProviderReasons.ReferenceImageRequired, IsContentPolicy: false);
        }

        var (width, height) = FrameSize(model.Options.ProviderModel);
        if (DataUri(image, width, height) is not { } promptImage)
        {
            return new ProviderSubmitResult.Rejected(ProviderReasons.ReferenceImageUnreadable, IsContentPolicy: false);
        }

        var body = new RunwayImageToVideoRequest(model.Options.ProviderModel, promptImage, Truncate(request.Prompt), $"{width}:{height}", Duration);
        var reply = await ProviderCalls.CallAsync(() => apis.For(model).ImageToVideoAsync(body, cancellationToken), cancellationToken);
        var result = ProviderCalls.ToSubmitResult(reply, task => task.Id);
        if (result is not ProviderSubmitResult.Accepted)
        {
            ProviderCalls.LogFault(logger, reply, "Creating an image-to-video task", model);
        }

        return result;
    }

    public async Task<ProviderJobStatus> GetStatusAsync(VideoModel model, string providerJobId, CancellationToken cancellationToken)
    {
        var reply = await ProviderCalls.CallAsync(() => apis.For(model).GetTaskAsync(providerJobId, cancellationToken), cancellationToken);
        if (reply is not { Kind: ReplyKind.Ok, Value: { } task })
        {
            ProviderCalls.LogFault(logger, reply, "Reading a task's status", model);
            return ProviderCalls.ToStatusFault(reply);
        }

        return task.Status switch
        {
            // THROTTLED waits for a concurrency slot: it is still pending.
            "PENDING" or "THROTTLED" or "RUNNING" => new ProviderJobStatus.Running(ProviderImages.Percent(task.Progress * 100)),
            "SUCCEEDED" when OutputUrl(task) is not null => new ProviderJobStatus.Succeeded(),
            "SUCCEEDED" => new ProviderJobStatus.Failed("The provider finished the task without a video.", IsContentPolicy: false),
            "FAILED" => Failed(model, task),
            "CANCELLED" => new ProviderJobStatus.Failed(ProviderReasons.Cancelled, IsContentPolicy: false),
            _ => Unrecognised(model, task.Status),
        };
    }

    public async Task<ProviderDownloadResult> DownloadAsync(VideoModel model, string providerJobId, CancellationToken cancellationToken)
    {
        // Read the task again for a fresh pre-signed URL: an older one may have expired.
        var reply = await ProviderCalls.CallAsync(() => apis.For(model).GetTaskAsync(providerJobId, cancellationToken), cancellationToken);
        if (reply is not { Kind: ReplyKind.Ok, Value: { } task })
        {
            ProviderCalls.LogFault(logger, reply, "Reading a task before download", model);
            return ProviderCalls.ToDownloadFault(reply);
        }

        if (OutputUrl(task) is not { } url)
        {
            return new ProviderDownloadResult.Failed("The provider's task has no video.", IsTransient: task.Status != "SUCCEEDED");
        }

        // The URL is pre-signed: a plain GET from a client without the Runway credentials.
        var client = httpClientFactory.CreateClient(ProviderCalls.OutputClientName);
        return await ProviderCalls.DownloadAsync(
            () => client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken),
            thumbnail: null,
            logger,
            cancellationToken);
    }

    public async Task CancelAsync(VideoModel model, string providerJobId, CancellationToken cancellationToken)
    {
        var reply = await ProviderCalls.CallAsync(() => apis.For(model).DeleteTaskAsync(providerJobId, cancellationToken), cancellationToken);
        if (reply.Kind != ReplyKind.Ok)
        {
            ProviderCalls.LogFault(logger, reply, "Cancelling a task", model);
        }
    }

    /// <summary>
    /// A JPEG data URI of exactly the frame size, its quality lowered until it fits Runway's 5 MB limit
    /// (an unusually detailed image at quality 90 can exceed it).
    /// </summary>
    private static string? DataUri(ReferenceImage image, int width, int height)
    {
        foreach (var quality in (int[])[90, 80, 70, 55, 40])
        {
            if (ProviderImages.TryCoverResize(image, width, height, quality) is not { } jpeg)
            {
                return null;
            }

            if (DataUriPrefix.Length + (((long)jpeg.Length + 2) / 3 * 4) <= MaxDataUriLength)
            {
                return DataUriPrefix + Convert.ToBase64String(jpeg);
            }
        }

        return null;
    }

    private static string Truncate(string prompt)
    {
        if (prompt.Length <= MaxPromptLength)
        {
            return prompt;
        }

        // Do not split a surrogate pair at the cut.
        var length = char.IsHighSurrogate(prompt[MaxPromptLength - 1]) ? MaxPromptLength - 1 : MaxPromptLength;
        return prompt[..length];
    }

    private static Uri? OutputUrl(RunwayTask task) =>
        task.Output is [{ } first, ..] && Uri.TryCreate(first, UriKind.Absolute, out var url) && url.Scheme is "https" or "http" ? url : null;

    private ProviderJobStatus.Failed Failed(VideoModel model, RunwayTask task)
    {
        ProviderCalls.LogJobFailure(logger, model, new ProviderError(task.FailureCode, task.Failure, null));
        return task.FailureCode?.StartsWith("SAFETY.", StringComparison.OrdinalIgnoreCase) == true
            ? new(ProviderReasons.ContentPolicy, IsContentPolicy: true)
            : new(ProviderReasons.GenerationFailed, IsContentPolicy: false);
    }

    private ProviderJobStatus.TransientError Unrecognised(VideoModel model, string? status)
    {
        logger.LogError("Model {Model} answered an unknown task status '{Status}'", model.Id, status);
        return new("The provider answered an unknown status.");
    }
}
