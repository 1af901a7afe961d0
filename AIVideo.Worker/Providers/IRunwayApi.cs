using System.Text.Json.Serialization;
using Refit;

namespace AIVideo.Worker.Providers;

/// <summary>The Runway developer API, relative to the model's endpoint (https://api.dev.runwayml.com).</summary>
[Headers("X-Runway-Version: " + RunwayProvider.ApiVersion)]
internal interface IRunwayApi
{
    [Post("/v1/image_to_video")]
    Task<IApiResponse<RunwayTask>> ImageToVideoAsync([Body] RunwayImageToVideoRequest request, CancellationToken cancellationToken);

    [Get("/v1/tasks/{id}")]
    Task<IApiResponse<RunwayTask>> GetTaskAsync(string id, CancellationToken cancellationToken);

    [Delete("/v1/tasks/{id}")]
    Task<IApiResponse> DeleteTaskAsync(string id, CancellationToken cancellationToken);
}

internal sealed record RunwayImageToVideoRequest(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("promptImage")] string PromptImage,
    [property: JsonPropertyName("promptText")] string PromptText,
    [property: JsonPropertyName("ratio")] string Ratio,
    [property: JsonPropertyName("duration")] int Duration);

internal sealed record RunwayTask(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("progress")] double? Progress,
    [property: JsonPropertyName("output")] IReadOnlyList<string>? Output,
    [property: JsonPropertyName("failure")] string? Failure,
    [property: JsonPropertyName("failureCode")] string? FailureCode);
