using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using AIVideo.Api.Infrastructure.Validation;
using AIVideo.Api.Users;
using AIVideo.Core.Data.Entities;
using AIVideo.Core.Videos;
using Microsoft.AspNetCore.Mvc;

namespace AIVideo.Api.Videos;

public sealed record GenerateVideoRequest(string? Prompt, string? Model, string? ReferenceImageUrl) : IValidatable
{
    public const string DefaultModel = "sora-2";

    /// <summary>Not part of the wire format (kept out of the OpenAPI schema).</summary>
    [JsonIgnore]
    public string ModelOrDefault => Model ?? DefaultModel;

    /// <summary>
    /// The checks that need no database: lengths, the model enum, the reference's form, and the
    /// providers that cannot start without an image. Ownership of an upload path is checked after.
    /// </summary>
    public void Validate(ValidationErrors errors, ValidationContext context)
    {
        var catalog = context.GetRequiredService<VideoModelCatalog>();
        errors.RequiredString(Location.Body("prompt"), Prompt, 10, 500);
        var modelKnown = errors.Enum(Location.Body("model"), ModelOrDefault, catalog.Ids);
        if (errors.Length(Location.Body("reference_image_url"), ReferenceImageUrl, 1, 500)
            && ReferenceImageUrl is not null
            && ReferenceImages.Classify(ReferenceImageUrl) == ReferenceImageKind.Invalid)
        {
            errors.Add(Location.Body("reference_image_url"), "reference_image_url must be the file_path of one of your uploads or an absolute https URL", "value_error.url");
        }

        if (modelKnown && ReferenceImageUrl is null && catalog.Find(ModelOrDefault)!.Options.RequiresReferenceImage)
        {
            errors.Add(Location.Body("reference_image_url"), $"{ModelOrDefault} requires reference_image_url", "value_error.missing");
        }
    }

    /// <summary>Identifies the request for Idempotency-Key replays: same key, same hash, same answer.</summary>
    public string Hash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        $"{Prompt}\u001f{ModelOrDefault}\u001f{ReferenceImageUrl}")));
}

/// <summary>The optional <c>Idempotency-Key</c> header of <c>POST /videos/generate</c>, at most 255 characters.</summary>
public sealed record GenerateVideoHeaders(
    [property: FromHeader(Name = VideosApi.IdempotencyKeyHeader)] string? IdempotencyKey) : IValidatable
{
    public void Validate(ValidationErrors errors, ValidationContext context) =>
        errors.Length(Location.Header(VideosApi.IdempotencyKeyHeader), IdempotencyKey, 1, 255);
}

public sealed record ListVideosQuery(
    [property: FromQuery(Name = "page")] int? Page,
    [property: FromQuery(Name = "page_size")] int? PageSize,
    [property: FromQuery(Name = "status_filter")] string? StatusFilter) : IValidatable
{
    private static readonly string[] s_statuses = [.. Enum.GetValues<VideoStatus>().Select(SnakeCaseStatus)];

    public PageQuery Paging => new(Page, PageSize);

    public VideoStatus? Status => StatusFilter is { Length: > 0 } filter ? Enum.Parse<VideoStatus>(filter, ignoreCase: true) : null;

    public void Validate(ValidationErrors errors, ValidationContext context)
    {
        Paging.Validate(errors, context);
        if (StatusFilter is { Length: > 0 })
        {
            errors.Enum(Location.Query("status_filter"), StatusFilter, s_statuses);
        }
    }

    private static string SnakeCaseStatus(VideoStatus status) => AIVideo.Core.Data.SnakeCaseNames.Of(status);
}

public sealed record VideoListResponse(IReadOnlyList<VideoResponse> Videos, int Total, int Page, int PageSize);

public sealed record VideoModelResponse(string Id, string Name, string Version, string Description, decimal CreditsCost, bool Available, bool RequiresReferenceImage);

public sealed record VideoModelListResponse(IReadOnlyList<VideoModelResponse> Models);
