using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AIVideo.Emulator.Providers;

/// <summary>
/// The <c>azure-sora-jobs</c> provider kind: Azure OpenAI's Sora 1 video generation jobs
/// (preview), under <c>/azure-sora/openai/v1/</c>. Every call needs <c>?api-version=preview</c>.
/// </summary>
internal static class AzureSoraApi
{
    internal const string Kind = "azure-sora-jobs";
    private const string JobPrefix = "task_";
    private const string GenerationPrefix = "gen_";

    private static readonly (int Width, int Height)[] s_sizes =
        [(480, 480), (480, 854), (854, 480), (720, 720), (720, 1280), (1280, 720), (1080, 1080), (1080, 1920), (1920, 1080)];

    internal static IEndpointRouteBuilder MapAzureSoraApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/azure-sora/openai/v1/video/generations").WithTags("Azure Sora jobs")
            .AddEndpointFilter(RequireKeyAndApiVersion);
        api.MapPost("/jobs", CreateJob).DisableAntiforgery();
        api.MapGet("/jobs/{jobId}", GetJob);
        api.MapDelete("/jobs/{jobId}", DeleteJob);
        api.MapGet("/{generationId}/content/video", GetGenerationVideo);
        api.MapGet("/{generationId}/content/thumbnail", GetGenerationThumbnail);
        return app;
    }

    internal static async Task<Results<Created<AzureVideoJob>, JsonHttpResult<AzureErrorResponse>>> CreateJob(HttpContext context, JobStore jobs)
    {
        var (fields, error) = await ReadCreateRequestAsync(context.Request);
        if (error is not null)
        {
            return error;
        }

        if (string.IsNullOrEmpty(fields!.Model) || string.IsNullOrEmpty(fields.Prompt))
        {
            return Error(400, "BadRequest", $"'{(string.IsNullOrEmpty(fields.Model) ? "model" : "prompt")}' is a required property.");
        }

        if (!s_sizes.Contains((fields.Width, fields.Height)))
        {
            return Error(400, "BadRequest", $"The resolution {fields.Width}x{fields.Height} is not supported. Supported resolutions: {string.Join(", ", s_sizes.Select(s => $"{s.Width}x{s.Height}"))}.");
        }

        if (fields.Seconds is < 1 or > 20)
        {
            return Error(400, "BadRequest", "n_seconds must be between 1 and 20.");
        }

        if (fields.Variants != 1)
        {
            return Error(400, "BadRequest", "The emulator supports n_variants = 1 only.");
        }

        if (jobs.ShouldRateLimit(Kind, fields.Prompt))
        {
            context.Response.Headers.RetryAfter = "1";
            return Error(429, "429", "Requests to the Create Video Generation Job Operation under Azure OpenAI API version preview have exceeded call rate limit of your current OpenAI pricing tier. Please retry after 1 second.");
        }

        var id = JobPrefix + Guid.NewGuid().ToString("N");
        var job = await jobs.CreateAsync(Kind, id, fields.Model, fields.Prompt, fields.Width, fields.Height, fields.Seconds, fields.Reference);
        return TypedResults.Created($"/azure-sora/openai/v1/video/generations/jobs/{id}?api-version=preview", ToJob(job, job.StateAt(jobs.Now)));
    }

    internal static Results<Ok<AzureVideoJob>, JsonHttpResult<AzureErrorResponse>> GetJob(string jobId, JobStore jobs)
    {
        if (jobs.Find(Kind, jobId) is not { } job)
        {
            return NotFound(jobId);
        }

        if (job.Scenario.HasFlag(Scenario.ErrorOnFirstStatus) && job.IsFirstStatusCall())
        {
            return Error(500, "InternalServerError", "The server had an error while processing your request. Please retry.");
        }

        return TypedResults.Ok(ToJob(job, job.StateAt(jobs.Now)));
    }

    /// <summary>Cancels a job that is still running; forgets one that has finished, as Azure deletes it.</summary>
    internal static Results<NoContent, JsonHttpResult<AzureErrorResponse>> DeleteJob(string jobId, JobStore jobs)
    {
        if (jobs.Find(Kind, jobId) is not { } job)
        {
            return NotFound(jobId);
        }

        if (!job.Cancel(jobs.Now))
        {
            jobs.Remove(Kind, jobId);
        }

        return TypedResults.NoContent();
    }

    internal static Results<FileContentHttpResult, JsonHttpResult<AzureErrorResponse>> GetGenerationVideo(string generationId, JobStore jobs) =>
        FindMedia(generationId, jobs) is { } media ? TypedResults.File(media.Video, "video/mp4") : NotFound(generationId);

    internal static Results<FileContentHttpResult, JsonHttpResult<AzureErrorResponse>> GetGenerationThumbnail(string generationId, JobStore jobs) =>
        FindMedia(generationId, jobs) is { } media ? TypedResults.File(media.JpegThumbnail, "image/jpeg") : NotFound(generationId);

    // A generation exists once its job has succeeded; its id shares the job's suffix.
    private static RenderedMedia? FindMedia(string generationId, JobStore jobs) =>
        generationId.StartsWith(GenerationPrefix, StringComparison.Ordinal)
        && jobs.Find(Kind, JobPrefix + generationId[GenerationPrefix.Length..]) is { } job
            ? job.StateAt(jobs.Now).Media
            : null;

    private static async ValueTask<object?> RequireKeyAndApiVersion(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var bearer = request.Headers.Authorization.ToString();
        var hasKey = (bearer.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(bearer["Bearer ".Length..]))
            || !string.IsNullOrWhiteSpace(request.Headers["api-key"]);
        if (!hasKey)
        {
            return Error(401, "401", "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.");
        }

        string? version = request.Query["api-version"];
        if (version != "preview")
        {
            return string.IsNullOrEmpty(version)
                ? Error(400, "BadRequest", "Missing required query parameter 'api-version'. Use api-version=preview.")
                : Error(400, "BadRequest", $"API version not supported: '{version}'. Use api-version=preview.");
        }

        return await next(context);
    }

    private static async Task<(CreateJobFields? Fields, JsonHttpResult<AzureErrorResponse>? Error)> ReadCreateRequestAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            if (!TryInt(form["width"], 0, out var width) || !TryInt(form["height"], 0, out var height)
                || !TryInt(form["n_seconds"], 5, out var seconds) || !TryInt(form["n_variants"], 1, out var variants))
            {
                return (null, Error(400, "BadRequest", "width, height, n_seconds and n_variants must be integers."));
            }

            var (reference, error) = await ReadInpaintReferenceAsync(form);
            return error is null
                ? (new CreateJobFields(form["model"], form["prompt"], width, height, seconds, variants, reference), null)
                : (null, error);
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, Error(400, "BadRequest", "The request body must be a JSON object."));
            }

            if (!JsonInt(root, "width", 0, out var width) || !JsonInt(root, "height", 0, out var height)
                || !JsonInt(root, "n_seconds", 5, out var seconds) || !JsonInt(root, "n_variants", 1, out var variants))
            {
                return (null, Error(400, "BadRequest", "width, height, n_seconds and n_variants must be integers."));
            }

            return (new CreateJobFields(JsonString(root, "model"), JsonString(root, "prompt"), width, height, seconds, variants, null), null);
        }
        catch (JsonException)
        {
            return (null, Error(400, "BadRequest", "The request body is not valid JSON."));
        }
    }

    /// <summary>
    /// <c>inpaint_items</c> is a JSON string naming each file; the <c>files</c> parts must carry those
    /// names. The item at frame 0 becomes the reference image.
    /// </summary>
    private static async Task<(byte[]? Reference, JsonHttpResult<AzureErrorResponse>? Error)> ReadInpaintReferenceAsync(IFormCollection form)
    {
        var files = form.Files.GetFiles("files");
        string? itemsJson = form["inpaint_items"];
        if (string.IsNullOrEmpty(itemsJson))
        {
            return files.Count == 0 ? (null, null) : (null, Error(400, "BadRequest", "'files' were sent without 'inpaint_items'."));
        }

        List<InpaintItem>? items;
        try
        {
            items = JsonSerializer.Deserialize<List<InpaintItem>>(itemsJson);
        }
        catch (JsonException)
        {
            return (null, Error(400, "BadRequest", "'inpaint_items' must be a JSON array of inpaint items, sent as a string."));
        }

        byte[]? reference = null;
        foreach (var item in items ?? [])
        {
            if (item.Type is not "image" || string.IsNullOrEmpty(item.FileName))
            {
                return (null, Error(400, "BadRequest", "Each inpaint item needs \"type\": \"image\" and a \"file_name\"."));
            }

            if (files.FirstOrDefault(f => f.FileName == item.FileName) is not { } file)
            {
                return (null, Error(400, "BadRequest", $"No file named '{item.FileName}' was uploaded in 'files'."));
            }

            using var copy = new MemoryStream();
            await file.CopyToAsync(copy);
            var bytes = copy.ToArray();
            if (!ReferenceImages.IsAccepted(ReferenceImages.Inspect(bytes)))
            {
                return (null, Error(400, "BadRequest", $"'{item.FileName}' is not a JPEG, PNG or WebP image."));
            }

            if (item.FrameIndex == 0)
            {
                reference = bytes;
            }
        }

        return (reference, null);
    }

    private static bool TryInt(string? value, int fallback, out int result)
    {
        result = fallback;
        return string.IsNullOrEmpty(value) || int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out result);
    }

    // Azure's samples send sizes both as numbers and as numeric strings; both are taken.
    private static bool JsonInt(JsonElement root, string name, int fallback, out int result)
    {
        result = fallback;
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetInt32(out result),
            JsonValueKind.String => TryInt(value.GetString(), fallback, out result),
            _ => false,
        };
    }

    private static string? JsonString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static AzureVideoJob ToJob(EmulatedJob job, JobState state)
    {
        var status = state.Phase switch
        {
            JobPhase.Queued => state.Progress < 0.05 ? "preprocessing" : "queued",
            JobPhase.Running => state.Progress < 0.8 ? "running" : "processing",
            JobPhase.Succeeded => "succeeded",
            JobPhase.Failed => "failed",
            _ => "cancelled",
        };
        var failure = state.Failure switch
        {
            JobFailure.Moderation => "input_moderation",
            JobFailure.Internal => "internal_error",
            _ => null,
        };
        var created = job.CreatedAt.ToUnixTimeSeconds();
        var finished = state.FinishedAt?.ToUnixTimeSeconds();
        AzureVideoGeneration[] generations = state.Phase == JobPhase.Succeeded
            ? [new AzureVideoGeneration("video.generation", GenerationPrefix + job.Id[JobPrefix.Length..], job.Id, finished ?? created, job.Width, job.Height, job.Seconds, job.Prompt)]
            : [];
        return new AzureVideoJob("video.generation.job", job.Id, status, created, finished,
            state.Phase == JobPhase.Succeeded ? finished + 24 * 3600 : null, generations, job.Prompt, job.Model, 1, job.Seconds, job.Height, job.Width, failure);
    }

    private static JsonHttpResult<AzureErrorResponse> NotFound(string id) =>
        Error(404, "NotFound", $"The requested resource '{id}' was not found.");

    private static JsonHttpResult<AzureErrorResponse> Error(int status, string code, string message) =>
        TypedResults.Json(new AzureErrorResponse(new AzureError(code, message)), statusCode: status);

    private sealed record CreateJobFields(string? Model, string? Prompt, int Width, int Height, int Seconds, int Variants, byte[]? Reference);

    private sealed record InpaintItem(
        [property: JsonPropertyName("frame_index")] int FrameIndex,
        [property: JsonPropertyName("type")] string? Type,
        [property: JsonPropertyName("file_name")] string? FileName);
}

internal sealed record AzureVideoJob(
    [property: JsonPropertyName("object")] string Object,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("created_at")] long CreatedAt,
    [property: JsonPropertyName("finished_at")] long? FinishedAt,
    [property: JsonPropertyName("expires_at")] long? ExpiresAt,
    [property: JsonPropertyName("generations")] AzureVideoGeneration[] Generations,
    [property: JsonPropertyName("prompt")] string Prompt,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("n_variants")] int Variants,
    [property: JsonPropertyName("n_seconds")] int Seconds,
    [property: JsonPropertyName("height")] int Height,
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("failure_reason")] string? FailureReason);

internal sealed record AzureVideoGeneration(
    [property: JsonPropertyName("object")] string Object,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("created_at")] long CreatedAt,
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("height")] int Height,
    [property: JsonPropertyName("n_seconds")] int Seconds,
    [property: JsonPropertyName("prompt")] string Prompt);

internal sealed record AzureErrorResponse([property: JsonPropertyName("error")] AzureError Error);

internal sealed record AzureError(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message);
