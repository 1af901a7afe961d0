using System.Text.Json.Serialization;
using Refit;

namespace AIVideo.Worker.Providers;

/// <summary>The OpenAI-compatible <c>/videos</c> API (Sora 2), relative to the model's endpoint (…/openai/v1).</summary>
internal interface IOpenAIVideosApi
{
    /// <remarks><c>seconds</c> must be a string: a number is refused with 400.</remarks>
    [Multipart]
    [Post("/videos")]
    Task<IApiResponse<OpenAIVideo>> CreateVideoAsync(
        [AliasAs("model")] string model,
        [AliasAs("prompt")] string prompt,
        [AliasAs("seconds")] string seconds,
        [AliasAs("size")] string size,
        CancellationToken cancellationToken);

    [Multipart]
    [Post("/videos")]
    Task<IApiResponse<OpenAIVideo>> CreateVideoWithReferenceAsync(
        [AliasAs("model")] string model,
        [AliasAs("prompt")] string prompt,
        [AliasAs("seconds")] string seconds,
        [AliasAs("size")] string size,
        [AliasAs("input_reference")] ByteArrayPart inputReference,
        CancellationToken cancellationToken);

    [Get("/videos/{id}")]
    Task<IApiResponse<OpenAIVideo>> GetVideoAsync(string id, CancellationToken cancellationToken);

    /// <summary>A finished video's <c>video</c>, <c>thumbnail</c> or <c>spritesheet</c> (the <c>variant</c> query).</summary>
    [Get("/videos/{id}/content")]
    Task<HttpResponseMessage> GetContentAsync(string id, [Query] string variant, CancellationToken cancellationToken);

    [Delete("/videos/{id}")]
    Task<IApiResponse> DeleteVideoAsync(string id, CancellationToken cancellationToken);
}

internal sealed record OpenAIVideo(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("progress")] double? Progress,
    [property: JsonPropertyName("error")] OpenAIVideoError? Error);

internal sealed record OpenAIVideoError(
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("message")] string? Message);
