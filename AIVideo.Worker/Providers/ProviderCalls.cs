using System.Net;
using System.Net.Http.Headers;
using AIVideo.Core.Media;
using AIVideo.Core.Videos;
using Polly;
using Polly.Timeout;
using Refit;

namespace AIVideo.Worker.Providers;

/// <summary>How a provider call ended, before any provider-specific meaning is given to it.</summary>
internal enum ReplyKind
{
    /// <summary>A 2xx whose body was read.</summary>
    Ok,

    /// <summary>A 2xx whose body was not the JSON expected.</summary>
    Unreadable,

    /// <summary>A non-2xx status.</summary>
    HttpError,

    /// <summary>The request never left (no connection, open circuit, client-side rate limit).</summary>
    NotSent,

    /// <summary>The request may have reached the provider, but no answer came (time-out, reset).</summary>
    NoAnswer,
}

internal sealed record ProviderReply<T>(
    ReplyKind Kind, T? Value = null, HttpStatusCode Status = 0, ProviderError? Error = null, TimeSpan? RetryAfter = null, string? Detail = null)
    where T : class
{
    public bool IsTransient => Kind is ReplyKind.Unreadable or ReplyKind.NotSent or ReplyKind.NoAnswer
        || Status is HttpStatusCode.RequestTimeout or HttpStatusCode.Conflict or HttpStatusCode.TooManyRequests || (int)Status >= 500;

    public override string ToString() => Kind switch
    {
        ReplyKind.HttpError => $"HTTP {(int)Status} {Error?.Code} {Error?.InnerCode} {Error?.ShortMessage}".TrimEnd(),
        _ => $"{Kind}: {Detail}",
    };
}

/// <summary>
/// The classification every adapter shares, so that no Refit or transport exception leaves an adapter unclassified,
/// and a create is only ever reported as retryable when the provider cannot have accepted it.
/// </summary>
internal static class ProviderCalls
{
    public const string OutputClientName = "video-provider-output";

    /// <summary>Used when a 429/503 has no <c>retry-after</c>: Azure allows about two creations a minute.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan s_maxRetryAfter = TimeSpan.FromMinutes(10);

    /// <summary>A thumbnail is buffered to check it; anything this large is not a thumbnail.</summary>
    private const int MaxThumbnailBytes = 10 * 1024 * 1024;

    /// <summary>Refit's System.Text.Json defaults; every wire record names its fields explicitly.</summary>
    public static RefitSettings RefitSettings { get; } = new();

    public static async Task<ProviderReply<T>> CallAsync<T>(Func<Task<IApiResponse<T>>> send, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            using var response = await send();
            if (response.HasRequestError(out var requestError))
            {
                return FromException<T>(requestError, cancellationToken) ?? throw requestError;
            }

            if (response.IsSuccessStatusCode)
            {
                return response.Error is null && response.Content is { } content
                    ? new(ReplyKind.Ok, content, response.StatusCode ?? 0)
                    : new(ReplyKind.Unreadable, Status: response.StatusCode ?? 0, Detail: response.Error?.Message ?? "empty body");
            }

            return FromStatus<T>(response.StatusCode ?? 0, response.Headers, (response.Error as ApiException)?.Content);
        }
        catch (ApiException exception)
        {
            return exception.StatusCode is >= HttpStatusCode.OK and < HttpStatusCode.Ambiguous
                ? new(ReplyKind.Unreadable, Status: exception.StatusCode, Detail: exception.InnerException?.Message ?? exception.Message)
                : FromStatus<T>(exception.StatusCode, exception.Headers, exception.Content);
        }
        catch (Exception exception) when (FromException<T>(exception, cancellationToken) is { } reply)
        {
            return reply;
        }
    }

    /// <summary>Sends a call whose answer is not needed (a cancel); faults come back as a reply, never thrown.</summary>
    public static async Task<ProviderReply<object>> CallAsync(Func<Task<IApiResponse>> send, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await send();
            if (response.HasRequestError(out var requestError))
            {
                return FromException<object>(requestError, cancellationToken) ?? throw requestError;
            }

            return response.IsSuccessStatusCode
                ? new(ReplyKind.Ok, Status: response.StatusCode ?? 0)
                : FromStatus<object>(response.StatusCode ?? 0, response.Headers, (response.Error as ApiException)?.Content);
        }
        catch (ApiException exception)
        {
            return FromStatus<object>(exception.StatusCode, exception.Headers, exception.Content);
        }
        catch (Exception exception) when (FromException<object>(exception, cancellationToken) is { } reply)
        {
            return reply;
        }
    }

    /// <summary>What a create's reply means: only "nothing was accepted" answers are retryable.</summary>
    public static ProviderSubmitResult ToSubmitResult<T>(ProviderReply<T> reply, Func<T, string?> jobIdOf, Func<ProviderError, bool>? isContentPolicy = null)
        where T : class
    {
        switch (reply.Kind)
        {
            case ReplyKind.Ok when reply.Value is not null && jobIdOf(reply.Value) is { Length: > 0 } jobId:
                return new ProviderSubmitResult.Accepted(jobId);
            case ReplyKind.Ok or ReplyKind.Unreadable:
                return new ProviderSubmitResult.Unknown(ProviderReasons.Unavailable);
            case ReplyKind.NotSent:
                return new ProviderSubmitResult.RateLimited(DefaultRetryAfter, "The provider could not be reached.");
            case ReplyKind.NoAnswer:
                return new ProviderSubmitResult.Unknown(ProviderReasons.TimedOut);
        }

        var error = reply.Error ?? new ProviderError(null, null, null);
        return reply.Status switch
        {
            HttpStatusCode.TooManyRequests => new ProviderSubmitResult.RateLimited(reply.RetryAfter ?? DefaultRetryAfter, "The provider is rate limiting job creation."),
            HttpStatusCode.ServiceUnavailable => new ProviderSubmitResult.RateLimited(reply.RetryAfter ?? DefaultRetryAfter, "The provider is temporarily unavailable."),
            HttpStatusCode.RequestTimeout => new ProviderSubmitResult.Unknown(ProviderReasons.TimedOut),
            HttpStatusCode.Conflict or >= HttpStatusCode.InternalServerError => new ProviderSubmitResult.Unknown(ProviderReasons.Unavailable),
            _ when error.IsContentPolicy || (isContentPolicy?.Invoke(error) ?? false) =>
                new ProviderSubmitResult.Rejected(ProviderReasons.ContentPolicy, IsContentPolicy: true),
            // The provider's message stays in the log (LogFault): a 401/403 can quote the key we sent.
            _ => new ProviderSubmitResult.Rejected(ProviderReasons.InvalidRequest, IsContentPolicy: false),
        };
    }

    /// <summary>A status call that did not produce a readable job: transient unless the provider says the job is gone.</summary>
    public static ProviderJobStatus ToStatusFault<T>(ProviderReply<T> reply)
        where T : class =>
        reply.Status is HttpStatusCode.NotFound or HttpStatusCode.Gone
            ? new ProviderJobStatus.Failed(ProviderReasons.JobNotFound, IsContentPolicy: false)
            : new ProviderJobStatus.TransientError(reply.Kind switch
            {
                ReplyKind.Unreadable => "The provider's status answer could not be read.",
                ReplyKind.HttpError => $"The provider's status call failed (HTTP {(int)reply.Status}).",
                _ => "The provider could not be reached for the status.",
            });

    public static ProviderDownloadResult.Failed ToDownloadFault<T>(ProviderReply<T> reply)
        where T : class =>
        new(reply.Status is HttpStatusCode.NotFound or HttpStatusCode.Gone ? ProviderReasons.JobNotFound : "The provider's job could not be read.", reply.IsTransient);

    /// <summary>
    /// The video response, kept open for streaming only when it is a 2xx <c>video/*</c> body: an error JSON served
    /// with 200 is never handed on as a video.
    /// </summary>
    public static async Task<ProviderDownloadResult> DownloadAsync(
        Func<Task<HttpResponseMessage>> video, Func<Task<HttpResponseMessage>>? thumbnail, ILogger logger, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await video();
        }
        catch (Exception exception) when (FromException<object>(exception is ApiException api ? api.InnerException ?? api : exception, cancellationToken) is { } reply)
        {
            logger.LogWarning(exception, "The video download did not get an answer: {Reply}", reply);
            return new ProviderDownloadResult.Failed("The video could not be downloaded from the provider.", IsTransient: true);
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (!response.IsSuccessStatusCode || mediaType is null || !mediaType.StartsWith("video/", StringComparison.OrdinalIgnoreCase))
        {
            using (response)
            {
                var status = response.StatusCode;
                var body = await ReadSnippetAsync(response, cancellationToken);
                logger.LogWarning("The video download answered HTTP {Status} {ContentType}: {Body}", (int)status, mediaType, body);

                // A 2xx that is not a video (an error JSON served with 200) may be a passing fault: try again later.
                var transient = response.IsSuccessStatusCode || (int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;
                return new ProviderDownloadResult.Failed(
                    response.IsSuccessStatusCode ? "The provider did not send a video." : $"The video could not be downloaded from the provider (HTTP {(int)status}).",
                    transient);
            }
        }

        var videoMedia = new ProviderMedia(await response.Content.ReadAsStreamAsync(cancellationToken), mediaType, response.Content.Headers.ContentLength);
        var thumbnailMedia = thumbnail is null ? null : await DownloadThumbnailAsync(thumbnail, logger, cancellationToken);
        return new ProviderDownloadResult.Downloaded(new ProviderOutput(videoMedia, thumbnailMedia));
    }

    /// <summary>Logs what happened to a provider call that failed; an unreadable 2xx is worth an error.</summary>
    public static void LogFault<T>(ILogger logger, ProviderReply<T> reply, string operation, VideoModel model)
        where T : class
    {
        var level = reply.Kind == ReplyKind.Unreadable || reply.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? LogLevel.Error
            : LogLevel.Warning;
        logger.Log(level, "{Operation} for model {Model} ({Provider}) failed: {Reply}", operation, model.Id, model.Options.Provider, reply);
    }

    /// <summary>A job the provider reports failed: its own code and message go to the log, not to the user.</summary>
    public static void LogJobFailure(ILogger logger, VideoModel model, ProviderError error) =>
        logger.LogWarning("A job of model {Model} ({Provider}) failed at the provider: {Code} {Message}", model.Id, model.Options.Provider, error.Code, error.ShortMessage);

    private static async Task<ProviderMedia?> DownloadThumbnailAsync(Func<Task<HttpResponseMessage>> send, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await send();
            var declared = response.Content.Headers.ContentType?.MediaType;
            if (response.IsSuccessStatusCode
                && declared is not null && declared.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
                && response.Content.Headers.ContentLength is null or <= MaxThumbnailBytes)
            {
                var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                if (bytes.Length <= MaxThumbnailBytes && ImageFormats.Detect(bytes) is { } format)
                {
                    return new ProviderMedia(new MemoryStream(bytes, writable: false), format.ContentType, bytes.Length);
                }
            }

            logger.LogWarning("The thumbnail download answered HTTP {Status} {ContentType}: not an image, ignored", (int)response.StatusCode, declared);
            return null;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && (exception is ApiException || FromException<object>(exception, cancellationToken) is not null))
        {
            logger.LogWarning(exception, "The thumbnail could not be downloaded; the video goes on without it");
            return null;
        }
    }

    private static async Task<string> ReadSnippetAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return text.Length > 500 ? text[..500] : text;
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            return string.Empty;
        }
    }

    private static ProviderReply<T> FromStatus<T>(HttpStatusCode status, HttpResponseHeaders? headers, string? content)
        where T : class =>
        new(ReplyKind.HttpError, Status: status, Error: ProviderError.Parse(content), RetryAfter: RetryAfter(headers));

    /// <summary>
    /// Transport faults, classified here and nowhere else. Null for the caller's own cancellation and for anything
    /// that is not a transport fault (our bugs must surface).
    /// </summary>
    private static ProviderReply<T>? FromException<T>(Exception exception, CancellationToken cancellationToken)
        where T : class
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        if (exception is ApiRequestException { InnerException: { } inner })
        {
            exception = inner;
        }

        return exception switch
        {
            // The standard resilience handler's own refusals, by Polly's public types: its time-out may come after the
            // provider received the request; an open circuit or its rate limiter refuses before anything is sent.
            TimeoutRejectedException => new(ReplyKind.NoAnswer, Detail: exception.Message),
            ExecutionRejectedException => new(ReplyKind.NotSent, Detail: exception.Message),
            // The connection was never made: safe to send again.
            HttpRequestException
            {
                HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
                    or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError,
            } => new(ReplyKind.NotSent, Detail: exception.Message),
            // HttpClient.Timeout surfaces as a TaskCanceledException that is not the caller's cancellation.
            HttpRequestException or OperationCanceledException or IOException or ApiRequestException =>
                new(ReplyKind.NoAnswer, Detail: exception.Message),
            _ => null,
        };
    }

    /// <summary><c>retry-after-ms</c> (OpenAI) or <c>Retry-After</c> (seconds or a date), capped.</summary>
    private static TimeSpan? RetryAfter(HttpResponseHeaders? headers)
    {
        if (headers is null)
        {
            return null;
        }

        TimeSpan? delay = null;
        if (headers.TryGetValues("retry-after-ms", out var values)
            && double.TryParse(values.FirstOrDefault(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var ms)
            && ms >= 0)
        {
            delay = TimeSpan.FromMilliseconds(ms);
        }
        else if (headers.RetryAfter?.Delta is { } delta)
        {
            delay = delta;
        }
        else if (headers.RetryAfter?.Date is { } date)
        {
            delay = date - DateTimeOffset.UtcNow;
        }

        return delay is null ? null : TimeSpan.FromTicks(Math.Clamp(delay.Value.Ticks, TimeSpan.FromSeconds(1).Ticks, s_maxRetryAfter.Ticks));
    }
}
