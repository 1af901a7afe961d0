using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AIVideo.Emulator.Providers;

/// <summary>
/// The <c>runway</c> provider kind: Runway's developer API (image to video), under <c>/runway/</c>.
/// Outputs are served at an unauthenticated path, as Runway's pre-signed URLs are.
/// </summary>
internal static class RunwayApi
{
    internal const string Kind = "runway";
    private const string Version = "2024-11-06";
    private const int MaxDataUriLength = 5 * 1024 * 1024;

    private static readonly Dictionary<string, string[]> s_ratios = new(StringComparer.Ordinal)
    {
        ["gen3a_turbo"] = ["1280:768", "768:1280"],
        ["gen4_turbo"] = ["1280:720", "720:1280", "960:960"],
    };

    internal static IEndpointRouteBuilder MapRunwayApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/runway/v1").WithTags("Runway").AddEndpointFilter(RequireKeyAndVersion);
        api.MapPost("/image_to_video", CreateImageToVideo);
        api.MapGet("/tasks/{id}", GetTask);
        api.MapDelete("/tasks/{id}", DeleteTask);
        app.MapGet("/runway/outputs/{id}.mp4", GetOutput).WithTags("Runway");
        return app;
    }

    internal static async Task<Results<Ok<RunwayTaskCreated>, JsonHttpResult<RunwayError>>> CreateImageToVideo(HttpContext context, JobStore jobs)
    {
        RunwayImageToVideoRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<RunwayImageToVideoRequest>(context.Request.Body);
        }
        catch (JsonException ex)
        {
            return Error(400, "Validation of body failed: " + ex.Message);
        }

        if (body is null)
        {
            return Error(400, "Validation of body failed: the body must be a JSON object.");
        }

        if (body.Model is null || !s_ratios.TryGetValue(body.Model, out var ratios))
        {
            return Error(400, $"Validation of body failed: model must be one of {string.Join(", ", s_ratios.Keys)}.");
        }

        var ratio = body.Ratio ?? (body.Model == "gen3a_turbo" ? "1280:768" : null);
        if (ratio is null || !ratios.Contains(ratio))
        {
            return Error(400, $"Validation of body failed: ratio must be one of {string.Join(", ", ratios)} for {body.Model}.");
        }

        var duration = body.Duration ?? 10;
        if (duration is not (5 or 10))
        {
            return Error(400, "Validation of body failed: duration must be 5 or 10.");
        }

        if (body.PromptText is { Length: > 1000 })
        {
            return Error(400, "Validation of body failed: promptText must be at most 1000 characters.");
        }

        var (image, imageError) = ReadPromptImage(body.PromptImage);
        if (imageError is not null)
        {
            return Error(400, "Validation of body failed: " + imageError);
        }

        var prompt = body.PromptText ?? "";
        if (jobs.ShouldRateLimit(Kind, prompt))
        {
            context.Response.Headers.RetryAfter = "1";
            return Error(429, "You have exceeded the rate limit. Please retry after 1 second.");
        }

        var sides = ratio.Split(':');
        var job = await jobs.CreateAsync(Kind, Guid.NewGuid().ToString(), body.Model, prompt,
            int.Parse(sides[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(sides[1], System.Globalization.CultureInfo.InvariantCulture),
            duration, image);
        return TypedResults.Ok(new RunwayTaskCreated(job.Id));
    }

    internal static Results<Ok<RunwayTask>, JsonHttpResult<RunwayError>> GetTask(string id, HttpRequest request, JobStore jobs)
    {
        if (jobs.Find(Kind, id) is not { } job)
        {
            return Error(404, "Task not found.");
        }

        if (job.Scenario.HasFlag(Scenario.ErrorOnFirstStatus) && job.IsFirstStatusCall())
        {
            return Error(500, "An unexpected error occurred.");
        }

        var state = job.StateAt(jobs.Now);
        var createdAt = job.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        // Each status carries only its own fields, as Runway's discriminated task schema does.
        return TypedResults.Ok(state.Phase switch
        {
            JobPhase.Queued => new RunwayTask(job.Id, "PENDING", createdAt),
            JobPhase.Running => new RunwayTask(job.Id, "RUNNING", createdAt) { Progress = Math.Round(state.Progress, 2) },
            JobPhase.Succeeded => new RunwayTask(job.Id, "SUCCEEDED", createdAt) { Output = [$"{request.Scheme}://{request.Host}/runway/outputs/{job.Id}.mp4"] },
            JobPhase.Failed when state.Failure == JobFailure.Moderation =>
                new RunwayTask(job.Id, "FAILED", createdAt) { Failure = "The prompt text did not pass content moderation.", FailureCode = "SAFETY.INPUT.TEXT" },
            JobPhase.Failed => new RunwayTask(job.Id, "FAILED", createdAt) { Failure = "An unexpected error occurred.", FailureCode = "INTERNAL" },
            _ => new RunwayTask(job.Id, "CANCELLED", createdAt),
        });
    }

    /// <summary>Cancels a pending or running task; deletes a finished one, as Runway does.</summary>
    internal static Results<NoContent, JsonHttpResult<RunwayError>> DeleteTask(string id, JobStore jobs)
    {
        if (jobs.Find(Kind, id) is not { } job)
        {
            return Error(404, "Task not found.");
        }

        if (!job.Cancel(jobs.Now))
        {
            jobs.Remove(Kind, id);
        }

        return TypedResults.NoContent();
    }

    internal static Results<FileContentHttpResult, NotFound> GetOutput(string id, JobStore jobs) =>
        jobs.Find(Kind, id)?.StateAt(jobs.Now).Media is { } media ? TypedResults.File(media.Video, "video/mp4") : TypedResults.NotFound();

    /// <summary>
    /// A data URI is decoded and must be an image; an https URL is accepted as is and never
    /// fetched (the Emulator has no internet), so that video is rendered without it.
    /// </summary>
    private static (byte[]? Image, string? Error) ReadPromptImage(string? promptImage)
    {
        if (string.IsNullOrEmpty(promptImage))
        {
            return (null, "promptImage is required: image to video has no text-only mode.");
        }

        if (promptImage.StartsWith("data:", StringComparison.Ordinal))
        {
            if (promptImage.Length > MaxDataUriLength)
            {
                return (null, "promptImage data URIs must be at most 5 MB.");
            }

            var comma = promptImage.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || !promptImage[..comma].EndsWith(";base64", StringComparison.Ordinal)
                || promptImage[5..comma].Split(';')[0] is not ("image/jpeg" or "image/png" or "image/webp"))
            {
                return (null, "promptImage must be a base64 data URI of type image/jpeg, image/png or image/webp.");
            }

            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(promptImage[(comma + 1)..]);
            }
            catch (FormatException)
            {
                return (null, "promptImage is not valid base64.");
            }

            return ReferenceImages.IsAccepted(ReferenceImages.Inspect(bytes)) ? (bytes, null) : (null, "promptImage does not decode as an image.");
        }

        return Uri.TryCreate(promptImage, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && !IPAddress.TryParse(uri.IdnHost, out _)
            ? (null, null)
            : (null, "promptImage must be an https URL with a domain name, or a data URI.");
    }

    private static async ValueTask<object?> RequireKeyAndVersion(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var headers = context.HttpContext.Request.Headers;
        var bearer = headers.Authorization.ToString();
        if (!bearer.StartsWith("Bearer ", StringComparison.Ordinal) || string.IsNullOrWhiteSpace(bearer["Bearer ".Length..]))
        {
            return Error(401, "Missing or invalid API key. Send it as Authorization: Bearer <key>.");
        }

        string? version = headers["X-Runway-Version"];
        if (version != Version)
        {
            return Error(400, string.IsNullOrEmpty(version)
                ? $"The X-Runway-Version header is required. Use {Version}."
                : $"Unsupported X-Runway-Version '{version}'. Use {Version}.");
        }

        return await next(context);
    }

    private static JsonHttpResult<RunwayError> Error(int status, string message) =>
        TypedResults.Json(new RunwayError(message), statusCode: status);
}

internal sealed record RunwayImageToVideoRequest(
    [property: JsonPropertyName("model")] string? Model,
    [property: JsonPropertyName("promptImage")] string? PromptImage,
    [property: JsonPropertyName("promptText")] string? PromptText,
    [property: JsonPropertyName("ratio")] string? Ratio,
    [property: JsonPropertyName("duration")] int? Duration,
    [property: JsonPropertyName("seed")] long? Seed);

internal sealed record RunwayTaskCreated([property: JsonPropertyName("id")] string Id);

internal sealed record RunwayTask(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("createdAt")] string CreatedAt)
{
    [JsonPropertyName("progress"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Progress { get; init; }

    [JsonPropertyName("output"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string[]? Output { get; init; }

    [JsonPropertyName("failure"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Failure { get; init; }

    [JsonPropertyName("failureCode"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FailureCode { get; init; }
}

internal sealed record RunwayError([property: JsonPropertyName("error")] string Error);
