using System.ComponentModel.DataAnnotations;
using System.Linq.Expressions;
using AIVideo.Api.Infrastructure.Validation;
using AIVideo.Core.Data.Entities;
using Microsoft.AspNetCore.Mvc;

namespace AIVideo.Api.Showcase;

public sealed record ShowcaseVideoResponse(long Id, string Title, string? Description, string Category, string VideoUrl, string? PosterUrl, bool IsFeatured, int Order);

public sealed record ShowcaseVideoListResponse(IReadOnlyList<ShowcaseVideoResponse> Videos, int Total);

public sealed record HeroVideoResponse(long Id, string Title, string? VideoUrl, string? PosterUrl);

public sealed record HeroVideoListResponse(IReadOnlyList<HeroVideoResponse> Videos);

public sealed record TrialImageResponse(long Id, string Title, string ImageUrl, string Category, int Order);

public sealed record TrialImageListResponse(IReadOnlyList<TrialImageResponse> Images, int Total);

/// <summary>What a showcase read selects: the response's columns, media references still unresolved.</summary>
public sealed record ShowcaseVideoRow(long Id, string Title, string? Description, string Category, string VideoUrl, string? PosterUrl, bool IsFeatured, int Order)
{
    public static readonly Expression<Func<ShowcaseVideo, ShowcaseVideoRow>> Projection =
        v => new ShowcaseVideoRow(v.Id, v.Title, v.Description, v.Category, v.VideoUrl, v.PosterUrl, v.IsFeatured, v.Order);
}

/// <summary><c>skip</c> ≥ 0 (0), <c>limit</c> 1–50 (6), <c>category</c>, <c>featured</c> (false).</summary>
public sealed record ShowcaseVideosQuery(
    [property: FromQuery(Name = "skip")] int? Skip,
    [property: FromQuery(Name = "limit")] int? Limit,
    [property: FromQuery(Name = "category")] string? Category,
    [property: FromQuery(Name = "featured")] bool? Featured) : IValidatable
{
    public const int DefaultLimit = 6;

    public int SkipOrDefault => Skip ?? 0;

    public int LimitOrDefault => Limit ?? DefaultLimit;

    public void Validate(ValidationErrors errors, ValidationContext context)
    {
        errors.Range(Location.Query("skip"), Skip, 0, int.MaxValue);
        errors.Range(Location.Query("limit"), Limit, 1, 50);
        errors.Length(Location.Query("category"), Category, 0, 50);
    }
}

/// <summary><c>limit</c> 1–20 (6).</summary>
public sealed record FeaturedQuery([property: FromQuery(Name = "limit")] int? Limit) : IValidatable
{
    public const int DefaultLimit = 6;

    public int LimitOrDefault => Limit ?? DefaultLimit;

    public void Validate(ValidationErrors errors, ValidationContext context) => errors.Range(Location.Query("limit"), Limit, 1, 20);
}

/// <summary><c>limit</c> 1–10 (3).</summary>
public sealed record HeroQuery([property: FromQuery(Name = "limit")] int? Limit) : IValidatable
{
    public const int DefaultLimit = 3;

    public int LimitOrDefault => Limit ?? DefaultLimit;

    public void Validate(ValidationErrors errors, ValidationContext context) => errors.Range(Location.Query("limit"), Limit, 1, 10);
}

/// <summary><c>skip</c> ≥ 0 (0), <c>limit</c> 1–20 (8).</summary>
public sealed record TrialImagesQuery(
    [property: FromQuery(Name = "skip")] int? Skip,
    [property: FromQuery(Name = "limit")] int? Limit) : IValidatable
{
    public const int DefaultLimit = 8;

    public int SkipOrDefault => Skip ?? 0;

    public int LimitOrDefault => Limit ?? DefaultLimit;

    public void Validate(ValidationErrors errors, ValidationContext context)
    {
        errors.Range(Location.Query("skip"), Skip, 0, int.MaxValue);
        errors.Range(Location.Query("limit"), Limit, 1, 20);
    }
}
