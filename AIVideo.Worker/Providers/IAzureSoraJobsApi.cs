using System.Text.Json.Serialization;
using Refit;

namespace AIVideo.Worker.Providers;

/// <summary>Azure OpenAI Sora 1 video generation jobs (preview), relative to the model's endpoint (…/openai/v1).</summary>
internal interface IAzureSoraJobsApi
{
    [Post("/video/generations/jobs?api-version=preview")]
    Task<IApiResponse<AzureSoraJob>> CreateJobAsync([Body] AzureSoraJobRequest request, CancellationToken cancellationToken);

    /// <remarks>Image-to-video: the fields as form fields, <c>inpaint_items</c> as a JSON string, the image as a <c>files</c> part named as in it.</remarks>
    [Multipart]
    [Post("/video/generations/jobs?api-version=preview")]
    Task<IApiResponse<AzureSoraJob>> CreateJobWithImageAsync(
        [AliasAs("model")] string model,
        [AliasAs("prompt")] string prompt,
        [AliasAs("width")] string width,
        [AliasAs("height")] string height,
        [AliasAs("n_seconds")] string seconds,
        [AliasAs("n_variants")] string variants,
        [AliasAs("inpaint_items")] string inpaintItems,
        [AliasAs("files")] ByteArrayPart file,
        CancellationToken cancellationToken);

    [Get("/video/generations/jobs/{jobId}?api-version=preview")]
    Task<IApiResponse<AzureSoraJob>> GetJobAsync(string jobId, CancellationToken cancellationToken);

    [Get("/video/generations/{generationId}/content/video?api-version=preview")]
    Task<HttpResponseMessage> GetVideoAsync(string generationId, CancellationToken cancellationToken);

    [Get("/video/generations/{generationId}/content/thumbnail?api-version=preview")]
    Task<HttpResponseMessage> GetThumbnailAsync(string generationId, CancellationToken cancellationToken);

    [Delete("/video/generations/jobs/{jobId}?api-version=preview")]
    Task<IApiResponse> DeleteJobAsync(string jobId, CancellationToken cancellationToken);
}

internal sealed record AzureSoraJobRequest(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("prompt")] string Prompt,
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("height")] int Height,
    [property: JsonPropertyName("n_seconds")] int Seconds,
    [property: JsonPropertyName("n_variants")] int Variants);

internal sealed record AzureSoraJob(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("generations")] IReadOnlyList<AzureSoraGeneration>? Generations,
    [property: JsonPropertyName("failure_reason")] string? FailureReason);

internal sealed record AzureSoraGeneration([property: JsonPropertyName("id")] string? Id);

internal sealed record AzureSoraInpaintItem(
    [property: JsonPropertyName("frame_index")] int FrameIndex,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("file_name")] string FileName,
    [property: JsonPropertyName("crop_bounds")] AzureSoraCropBounds CropBounds);

internal sealed record AzureSoraCropBounds(
    [property: JsonPropertyName("left_fraction")] double Left,
    [property: JsonPropertyName("top_fraction")] double Top,
    [property: JsonPropertyName("right_fraction")] double Right,
    [property: JsonPropertyName("bottom_fraction")] double Bottom);
