using System.ComponentModel.DataAnnotations;
using System.Linq.Expressions;
using AIVideo.Api.Infrastructure.Validation;
using AIVideo.Core.Data.Entities;
using Microsoft.AspNetCore.Mvc;

namespace AIVideo.Api.Admin.Content;

/// <summary>A showcase video as admins see it: hidden ones too, media references as stored.</summary>
public sealed record AdminShowcaseVideoResponse(
    long Id, string Title, string? Description, string Category, string VideoUrl, string? PosterUrl,
    bool IsFeatured, int Order, bool IsActive, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static readonly Expression<Func<ShowcaseVideo, AdminShowcaseVideoResponse>> Projection = v =>
        new AdminShowcaseVideoResponse(v.Id, v.Title, v.Description, v.Category, v.VideoUrl, v.PosterUrl, v.IsFeatured, v.Order, v.IsActive, v.CreatedAt, v.UpdatedAt);

    public static readonly Func<ShowcaseVideo, AdminShowcaseVideoResponse> From = Projection.Compile();
}

public sealed record AdminShowcaseVideoListResponse(IReadOnlyList<AdminShowcaseVideoResponse> Videos, int Total);

/// <summary>A trial image as admins see it: hidden ones too, the media reference as stored.</summary>
public sealed record AdminTrialImageResponse(
    long Id, string Title, string ImageUrl, string Category, int Order, bool IsActive, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static readonly Expression<Func<TrialImage, AdminTrialImageResponse>> Projection = i =>
        new AdminTrialImageResponse(i.Id, i.Title, i.ImageUrl, i.Category, i.Order, i.IsActive, i.CreatedAt, i.UpdatedAt);

    public static readonly Func<TrialImage, AdminTrialImageResponse> From = Projection.Compile();
}

public sealed record AdminTrialImageListResponse(IReadOnlyList<AdminTrialImageResponse> Images, int Total);

/// <summary><c>skip</c> ≥ 0 (0), <c>limit</c> 1–100 (50); every item, in display order.</summary>
public sealed record AdminContentQuery(
    [property: FromQuery(Name = "skip")] int? Skip,
    [property: FromQuery(Name = "limit")] int? Limit) : IValidatable
{
    public int SkipOrDefault => Skip ?? 0;

    public int LimitOrDefault => Limit ?? 50;

    public void Validate(ValidationErrors errors, ValidationContext context)
    {
        errors.Range(Location.Query("skip"), Skip, 0, int.MaxValue);
        errors.Range(Location.Query("limit"), Limit, 1, 100);
    }
}

/// <summary>The new display order: the listed items get positions 1, 2, 3 … in this order; others keep theirs.</summary>
public sealed record ReorderRequest(IReadOnlyList<long>? Ids) : IValidatable
{
    public const int MaxItems = 500;

    public void Validate(ValidationErrors errors, ValidationContext context)
    {
        var location = Location.Body("ids");
        if (Ids is null)
        {
            errors.Missing(location);
        }
        else if (Ids.Count is 0 or > MaxItems)
        {
            errors.Add(location, $"ensure this value has between 1 and {MaxItems} items", "value_error.list.size");
        }
        else if (Ids.Any(id => id <= 0))
        {
            errors.Add(location, "ensure every id is greater than 0", "value_error.number.not_gt");
        }
        else if (Ids.Distinct().Count() != Ids.Count)
        {
            errors.Add(location, "the list has duplicated items", "value_error.list.unique_items");
        }
    }
}

/// <summary>
/// A partial update: absent (or null) fields stay as they are; an empty <c>description</c> or
/// <c>poster_url</c> clears it. Featuring and hiding are <c>is_featured</c> and <c>is_active</c>.
/// </summary>
public record UpdateShowcaseVideoRequest(
    string? Title, string? Description, string? Category, string? VideoUrl, string? PosterUrl,
    bool? IsFeatured, int? Order, bool? IsActive) : IValidatable
{
    public virtual void Validate(ValidationErrors errors, ValidationContext context)
    {
        ShowcaseFields.Check(errors, Title, Category, Order);
        errors.Length(Location.Body("description"), Description, 0, 1000);
        ShowcaseMediaReference.Check(errors, Location.Body("video_url"), VideoUrl, video: true);
        if (PosterUrl is not "")
        {
            ShowcaseMediaReference.Check(errors, Location.Body("poster_url"), PosterUrl, video: false);
        }
    }

    public IEnumerable<(Location, string?)> MediaReferences() => [(Location.Body("video_url"), VideoUrl), (Location.Body("poster_url"), PosterUrl)];

    /// <summary>Every field absent or null: the update leaves the video as it is, <c>updated_at</c> too.</summary>
    public bool ChangesNothing() => this is { Title: null, Description: null, Category: null, VideoUrl: null, PosterUrl: null, IsFeatured: null, Order: null, IsActive: null };
}

/// <summary>A new showcase video: <c>title</c>, <c>category</c> and <c>video_url</c> are required; it goes last unless <c>order</c> is given.</summary>
public sealed record CreateShowcaseVideoRequest(
    string? Title, string? Description, string? Category, string? VideoUrl, string? PosterUrl,
    bool? IsFeatured, int? Order, bool? IsActive)
    : UpdateShowcaseVideoRequest(Title, Description, Category, VideoUrl, PosterUrl, IsFeatured, Order, IsActive)
{
    public override void Validate(ValidationErrors errors, ValidationContext context)
    {
        ShowcaseFields.Require(errors, ("title", Title), ("category", Category), ("video_url", VideoUrl));
        base.Validate(errors, context);
    }
}

/// <summary>A partial update: absent (or null) fields stay as they are.</summary>
public record UpdateTrialImageRequest(string? Title, string? ImageUrl, string? Category, int? Order, bool? IsActive) : IValidatable
{
    public virtual void Validate(ValidationErrors errors, ValidationContext context)
    {
        ShowcaseFields.Check(errors, Title, Category, Order);
        ShowcaseMediaReference.Check(errors, Location.Body("image_url"), ImageUrl, video: false);
    }

    public IEnumerable<(Location, string?)> MediaReferences() => [(Location.Body("image_url"), ImageUrl)];

    /// <summary>Every field absent or null: the update leaves the image as it is, <c>updated_at</c> too.</summary>
    public bool ChangesNothing() => this is { Title: null, ImageUrl: null, Category: null, Order: null, IsActive: null };
}

/// <summary>A new trial image: <c>title</c>, <c>category</c> and <c>image_url</c> are required; it goes last unless <c>order</c> is given.</summary>
public sealed record CreateTrialImageRequest(string? Title, string? ImageUrl, string? Category, int? Order, bool? IsActive)
    : UpdateTrialImageRequest(Title, ImageUrl, Category, Order, IsActive)
{
    public override void Validate(ValidationErrors errors, ValidationContext context)
    {
        ShowcaseFields.Require(errors, ("title", Title), ("category", Category), ("image_url", ImageUrl));
        base.Validate(errors, context);
    }
}

/// <summary>The checks both kinds of showcase item share.</summary>
internal static class ShowcaseFields
{
    public const int MaxOrder = 1_000_000;

    public static void Check(ValidationErrors errors, string? title, string? category, int? order)
    {
        errors.Length(Location.Body("title"), title, 1, 200);
        errors.Enum(Location.Body("category"), category, ShowcaseCategories.All);
        errors.Range(Location.Body("order"), order, 0, MaxOrder);
    }

    public static void Require(ValidationErrors errors, params (string Field, string? Value)[] fields)
    {
        foreach (var (field, value) in fields)
        {
            if (value is null)
            {
                errors.Missing(Location.Body(field));
            }
        }
    }
}
