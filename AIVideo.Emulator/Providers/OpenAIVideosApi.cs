using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AIVideo.Emulator.Providers;

/// <summary>
/// The <c>openai-videos</c> provider kind: OpenAI's (and Azure OpenAI v1's) <c>/videos</c> API for
/// Sora 2, under <c>/openai/v1/</c>. Field names, types and error bodies follow OpenAI's, down to
/// <c>seconds</c> being a string.
/// </summary>
internal static class OpenAIVideosApi
{
    internal const string Kind = "openai-videos";

    private static readonly string[] s_seconds = ["4", "8", "12"];
    private static readonly string[] s_sizes = ["1280x720", "720x1280"];

    internal static IEndpointRouteBuilder MapOpenAIVideosApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/openai/v1").WithTags("OpenAI videos").AddEndpointFilter(RequireKey);
        api.MapPost("/videos", CreateVideo).DisableAntiforgery();
        api.MapGet("/videos/{id}", GetVideo);
        api.MapGet("/videos/{id}/content", GetVideoContent);
        api.MapDelete("/videos/{id}", DeleteVideo);
        return app;
    }

    internal static async Task<Results<Ok<OpenAIVideo>, JsonHttpResult<OpenAIErrorResponse>>> CreateVideo(HttpContext context, JobStore jobs)
    {
        var (fields, error) = await ReadCreateRequestAsync(context.Request);
        if (error is not null)
        {
            return error;
        }

        if (string.IsNullOrEmpty(fields!.Model))
        {
            return Error(400, "Missing required parameter: 'model'.", "model");
        }

        if (string.IsNullOrEmpty(fields.Prompt))
        {
            return Error(400, "Missing required parameter: 'prompt'.", "prompt");
        }

        var seconds = fields.Seconds ?? "4";
        if (!s_seconds.Contains(seconds))
        {
            return Error(400, $"Invalid value: '{seconds}'. Supported values are: '4', '8', and '12'.", "seconds", "invalid_value");
        }

        var size = fields.Size ?? "1280x720";
        if (!s_sizes.Contains(size))
        {
            return Error(400, $"Invalid value: '{size}'. Supported values are: '720x1280' and '1280x720'.", "size", "invalid_value");
        }

        var (width, height) = ParseSize(size);
        if (fields.InputReference is { } reference)
        {
            var info = ReferenceImages.Inspect(reference);
            if (!ReferenceImages.IsAccepted(info))
            {
                return Error(400, "Invalid file format for 'input_reference'. Supported formats are: image/jpeg, image/png and image/webp.", "input_reference", "invalid_value");
            }

            // OpenAI's wording for the most common 400 in the wild: the reference is not resized to the output.
            if (info!.Width != width || info.Height != height)
            {
                return Error(400, $"Inpaint image must match the requested width and height (got {info.Width}x{info.Height}, expected {size}).", "input_reference");
            }
        }

        if (jobs.ShouldRateLimit(Kind, fields.Prompt))
        {
            context.Response.Headers.RetryAfter = "1";
            return Error(429, "Rate limit reached for requests. Please try again in 1s.", null, "rate_limit_exceeded", "requests");
        }

        var job = await jobs.CreateAsync(Kind, "video_" + Guid.NewGuid().ToString("N"), fields.Model, fields.Prompt, width, height,
            int.Parse(seconds, CultureInfo.InvariantCulture), fields.InputReference);
        return TypedResults.Ok(ToVideo(job, job.StateAt(jobs.Now)));
    }

    internal static Results<Ok<OpenAIVideo>, JsonHttpResult<OpenAIErrorResponse>> GetVideo(string id, JobStore jobs)
    {
        if (jobs.Find(Kind, id) is not { } job)
        {
            return NotFound(id);
        }

        if (job.Scenario.HasFlag(Scenario.ErrorOnFirstStatus) && job.IsFirstStatusCall())
        {
            return Error(500, "The server had an error while processing your request. Sorry about that!", null, null, "server_error");
        }

        return TypedResults.Ok(ToVideo(job, job.StateAt(jobs.Now)));
    }

    internal static Results<FileContentHttpResult, JsonHttpResult<OpenAIErrorResponse>> GetVideoContent(string id, string? variant, JobStore jobs)
    {
        if (jobs.Find(Kind, id) is not { } job)
        {
            return NotFound(id);
        }

        if (job.StateAt(jobs.Now).Media is not { } media)
        {
            return Error(404, $"Video with id '{id}' is not ready. Wait until its status is 'completed'.", null, "video_not_ready");
        }

        return (variant ?? "video") switch
        {
            "video" => TypedResults.File(media.Video, "video/mp4"),
            "thumbnail" => TypedResults.File(media.WebpThumbnail, "image/webp"),
            "spritesheet" => TypedResults.File(media.JpegThumbnail, "image/jpeg"),
            _ => Error(400, $"Invalid value: '{variant}'. Supported values are: 'video', 'thumbnail', and 'spritesheet'.", "variant", "invalid_value"),
        };
    }

    internal static Results<Ok<OpenAIVideoDeleted>, JsonHttpResult<OpenAIErrorResponse>> DeleteVideo(string id, JobStore jobs) =>
        jobs.Remove(Kind, id) ? TypedResults.Ok(new OpenAIVideoDeleted(id, "video.deleted", true)) : NotFound(id);

    private static async ValueTask<object?> RequireKey(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var headers = context.HttpContext.Request.Headers;
        var bearer = headers.Authorization.ToString();
        var hasKey = (bearer.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && bearer.Length > "Bearer ".Length && !string.IsNullOrWhiteSpace(bearer["Bearer ".Length..]))
            || !string.IsNullOrWhiteSpace(headers["api-key"]);
        return hasKey
            ? await next(context)
            : Error(401, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", null);
    }

    private static async Task<(CreateVideoFields? Fields, JsonHttpResult<OpenAIErrorResponse>? Error)> ReadCreateRequestAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            byte[]? reference = null;
            if (form.Files.GetFile("input_reference") is { } file)
            {
                using var copy = new MemoryStream();
                await file.CopyToAsync(copy);
                reference = copy.ToArray();
            }

            return (new CreateVideoFields(form["model"], form["prompt"], Optional(form["seconds"]), Optional(form["size"]), reference), null);
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body);
        }
        catch (JsonException)
        {
            return (null, Error(400, "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload or multipart/form-data.)", null));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, Error(400, "Invalid type for request body: expected an object.", null));
            }

            var strings = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var name in (string[])["model", "prompt", "seconds", "size"])
            {
                if (!document.RootElement.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
                {
                    strings[name] = null;
                }
                else if (value.ValueKind == JsonValueKind.String)
                {
                    strings[name] = value.GetString();
                }
                else
                {
                    // The famous one: "seconds": 8 is refused, only "8" is accepted.
                    var got = value.ValueKind is JsonValueKind.Number ? "an integer" : "a " + value.ValueKind.ToString().ToLowerInvariant();
                    var expected = name == "seconds" ? "one of '4', '8', or '12'" : "a string";
                    return (null, Error(400, $"Invalid type for '{name}': expected {expected}, but got {got} instead.", name));
                }
            }

            return (new CreateVideoFields(strings["model"], strings["prompt"], strings["seconds"], strings["size"], null), null);
        }
    }

    private static string? Optional(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static (int Width, int Height) ParseSize(string size)
    {
        var parts = size.Split('x');
        return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    private static OpenAIVideo ToVideo(EmulatedJob job, JobState state)
    {
        var (status, progress) = state.Phase switch
        {
            JobPhase.Queued => ("queued", 0),
            JobPhase.Running => ("in_progress", Math.Clamp((int)(state.Progress * 100), 1, 99)),
            JobPhase.Succeeded => ("completed", 100),
            _ => ("failed", (int)(state.Progress * 100)),
        };
        var error = state.Failure switch
        {
            JobFailure.Moderation => new OpenAIVideoError("moderation_blocked", "Your request was blocked by our moderation system."),
            JobFailure.Internal or JobFailure.None when state.Phase is JobPhase.Failed or JobPhase.Cancelled =>
                new OpenAIVideoError("internal_error", "Video generation failed. Please try again."),
            _ => null,
        };
        var completedAt = state.Phase is JobPhase.Succeeded or JobPhase.Failed ? state.FinishedAt?.ToUnixTimeSeconds() : null;
        return new OpenAIVideo(job.Id, "video", job.Model, status, progress, job.CreatedAt.ToUnixTimeSeconds(), completedAt,
            state.Phase == JobPhase.Succeeded ? completedAt + 3600 : null,
            job.Prompt, job.Seconds.ToString(CultureInfo.InvariantCulture), $"{job.Width}x{job.Height}", null, error);
    }

    private static JsonHttpResult<OpenAIErrorResponse> NotFound(string id) =>
        Error(404, $"Video with id '{id}' not found.", "id", "not_found");

    private static JsonHttpResult<OpenAIErrorResponse> Error(int status, string message, string? param, string? code = null, string type = "invalid_request_error") =>
        TypedResults.Json(new OpenAIErrorResponse(new OpenAIError(message, type, param, code)), statusCode: status);

    private sealed record CreateVideoFields(string? Model, string? Prompt, string? Seconds, string? Size, byte[]? InputReference);
}

internal sealed record OpenAIVideo(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("object")] string Object,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("progress")] int Progress,
    [property: JsonPropertyName("created_at")] long CreatedAt,
    [property: JsonPropertyName("completed_at")] long? CompletedAt,
    [property: JsonPropertyName("expires_at")] long? ExpiresAt,
    [property: JsonPropertyName("prompt")] string Prompt,
    [property: JsonPropertyName("seconds")] string Seconds,
    [property: JsonPropertyName("size")] string Size,
    [property: JsonPropertyName("remixed_from_video_id")] string? RemixedFromVideoId,
    [property: JsonPropertyName("error")] OpenAIVideoError? Error);

internal sealed record OpenAIVideoError(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message);

internal sealed record OpenAIVideoDeleted(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("object")] string Object,
    [property: JsonPropertyName("deleted")] bool Deleted);

internal sealed record OpenAIErrorResponse([property: JsonPropertyName("error")] OpenAIError Error);

internal sealed record OpenAIError(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("param")] string? Param,
    [property: JsonPropertyName("code")] string? Code);
