using AIVideo.Api.Infrastructure.Errors;
using AIVideo.Api.Infrastructure.Validation;
using AIVideo.Api.RateLimiting;
using AIVideo.Core.Data;
using AIVideo.Core.Media;
using Microsoft.EntityFrameworkCore;

namespace AIVideo.Api.Showcase;

/// <summary>The public home-page content: showcase videos, the hero carousel and trial images.</summary>
public static class ShowcaseApi
{
    public static IEndpointRouteBuilder MapShowcaseApi(this IEndpointRouteBuilder app)
    {
        var showcase = app.MapGroup($"{ApiRoutes.Prefix}/showcase").WithTags("Showcase")
            .WithRequestValidation()
            .ProducesErrors(StatusCodes.Status429TooManyRequests)
            .AddEndpointFilter<HttpCachingFilter>()
            .CacheOutput(ShowcaseCaching.Policy)
            .RequireRateLimiting(RateLimitPolicies.Default);

        showcase.MapGet("/videos", ListShowcaseVideos).WithName(nameof(ListShowcaseVideos))
            .WithMetadata(new ShowcaseCacheParameters(
                ShowcaseCacheParameters.Integer("skip", 0, ShowcaseCacheKey.MaxCachedSkip),
                ShowcaseCacheParameters.Integer("limit", ShowcaseVideosQuery.DefaultLimit),
                ShowcaseCacheParameters.Category("category"),
                ShowcaseCacheParameters.Flag("featured")));
        showcase.MapGet("/featured", ListFeaturedVideos).WithName(nameof(ListFeaturedVideos))
            .WithMetadata(new ShowcaseCacheParameters(ShowcaseCacheParameters.Integer("limit", FeaturedQuery.DefaultLimit)));
        showcase.MapGet("/hero-videos", ListHeroVideos).WithName(nameof(ListHeroVideos))
            .WithMetadata(new ShowcaseCacheParameters(ShowcaseCacheParameters.Integer("limit", HeroQuery.DefaultLimit)));
        showcase.MapGet("/trial-images", ListTrialImages).WithName(nameof(ListTrialImages))
            .WithMetadata(new ShowcaseCacheParameters(
                ShowcaseCacheParameters.Integer("skip", 0, ShowcaseCacheKey.MaxCachedSkip),
                ShowcaseCacheParameters.Integer("limit", TrialImagesQuery.DefaultLimit)));

        return app;
    }

    public static async Task<Ok<ShowcaseVideoListResponse>> ListShowcaseVideos(
        [AsParameters] ShowcaseVideosQuery query, AIVideoDbContext db, MediaUrlSigner signer, CancellationToken cancellationToken)
    {
        var videos = db.ShowcaseVideos.Where(v => v.IsActive);
        if (query.Category is { Length: > 0 } category)
        {
            videos = videos.Where(v => v.Category == category);
        }

        if (query.Featured == true)
        {
            videos = videos.Where(v => v.IsFeatured);
        }

        var total = await videos.CountAsync(cancellationToken);
        var page = await videos.OrderBy(v => v.Order).ThenBy(v => v.Id)
            .Skip(query.SkipOrDefault).Take(query.LimitOrDefault)
            .Select(ShowcaseVideoRow.Projection)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new ShowcaseVideoListResponse(await ResolveAsync(page, signer, cancellationToken), total));
    }

    public static async Task<Ok<ShowcaseVideoListResponse>> ListFeaturedVideos(
        [AsParameters] FeaturedQuery query, AIVideoDbContext db, MediaUrlSigner signer, CancellationToken cancellationToken)
    {
        var featured = db.ShowcaseVideos.Where(v => v.IsActive && v.IsFeatured);
        var total = await featured.CountAsync(cancellationToken);
        var page = await featured.OrderBy(v => v.Order).ThenBy(v => v.Id)
            .Take(query.LimitOrDefault)
            .Select(ShowcaseVideoRow.Projection)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new ShowcaseVideoListResponse(await ResolveAsync(page, signer, cancellationToken), total));
    }

    public static async Task<Ok<HeroVideoListResponse>> ListHeroVideos(
        [AsParameters] HeroQuery query, AIVideoDbContext db, MediaUrlSigner signer, CancellationToken cancellationToken)
    {
        var rows = await db.ShowcaseVideos.Where(v => v.IsActive && v.IsFeatured)
            .OrderBy(v => v.Order).ThenBy(v => v.Id)
            .Take(query.LimitOrDefault)
            .Select(v => new { v.Id, v.Title, v.VideoUrl, v.PosterUrl })
            .ToListAsync(cancellationToken);
        var heroes = new List<HeroVideoResponse>(rows.Count);
        foreach (var row in rows)
        {
            heroes.Add(new HeroVideoResponse(
                row.Id,
                row.Title,
                await signer.ResolveAsync(MediaContainers.Showcase, row.VideoUrl, cancellationToken),
                await signer.ResolveAsync(MediaContainers.Showcase, row.PosterUrl, cancellationToken)));
        }

        return TypedResults.Ok(new HeroVideoListResponse(heroes));
    }

    public static async Task<Ok<TrialImageListResponse>> ListTrialImages(
        [AsParameters] TrialImagesQuery query, AIVideoDbContext db, MediaUrlSigner signer, CancellationToken cancellationToken)
    {
        var images = db.TrialImages.Where(i => i.IsActive);
        var total = await images.CountAsync(cancellationToken);
        var rows = await images.OrderBy(i => i.Order).ThenBy(i => i.Id)
            .Skip(query.SkipOrDefault).Take(query.LimitOrDefault)
            .Select(i => new { i.Id, i.Title, i.ImageUrl, i.Category, i.Order })
            .ToListAsync(cancellationToken);
        var result = new List<TrialImageResponse>(rows.Count);
        foreach (var row in rows)
        {
            result.Add(new TrialImageResponse(row.Id, row.Title, (await signer.ResolveAsync(MediaContainers.Showcase, row.ImageUrl, cancellationToken))!, row.Category, row.Order));
        }

        return TypedResults.Ok(new TrialImageListResponse(result, total));
    }

    private static async Task<List<ShowcaseVideoResponse>> ResolveAsync(List<ShowcaseVideoRow> rows, MediaUrlSigner signer, CancellationToken cancellationToken)
    {
        var videos = new List<ShowcaseVideoResponse>(rows.Count);
        foreach (var row in rows)
        {
            videos.Add(new ShowcaseVideoResponse(
                row.Id, row.Title, row.Description, row.Category,
                (await signer.ResolveAsync(MediaContainers.Showcase, row.VideoUrl, cancellationToken))!,
                await signer.ResolveAsync(MediaContainers.Showcase, row.PosterUrl, cancellationToken),
                row.IsFeatured, row.Order));
        }

        return videos;
    }
}
