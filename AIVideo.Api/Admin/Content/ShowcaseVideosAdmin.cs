using AIVideo.Api.Infrastructure.Errors;
using AIVideo.Api.Infrastructure.Validation;
using AIVideo.Core.Data;
using AIVideo.Core.Data.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AIVideo.Api.Admin.Content;

/// <summary>Create, read, update, reorder and delete showcase videos (<c>/admin/showcase/videos</c>).</summary>
public static class ShowcaseVideosAdmin
{
    private const string Kind = "Showcase video";

    public static async Task<Ok<AdminShowcaseVideoListResponse>> List(
        [AsParameters] AdminContentQuery query, AIVideoDbContext db, CancellationToken cancellationToken)
    {
        var (page, total) = await ShowcaseItems.PageAsync(db, query, AdminShowcaseVideoResponse.Projection, cancellationToken);
        return TypedResults.Ok(new AdminShowcaseVideoListResponse(page, total));
    }

    public static async Task<Results<Ok<AdminShowcaseVideoResponse>, NotFound<ErrorResponse>>> Get(
        [FromRoute(Name = "video_id")] long videoId, AIVideoDbContext db, CancellationToken cancellationToken) =>
        await Find(db, videoId, cancellationToken) is { } video ? TypedResults.Ok(video) : ShowcaseItems.NotFound(Kind, videoId);

    public static async Task<Results<Created<AdminShowcaseVideoResponse>, UnprocessableEntity<ValidationErrorResponse>>> Create(
        CreateShowcaseVideoRequest request, AIVideoDbContext db, ShowcaseMediaStore media, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await media.FindMissingAsync(request.MediaReferences(), cancellationToken) is { } missing)
        {
            return missing.ToResult();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var video = new ShowcaseVideo
        {
            Title = request.Title!,
            Description = request.Description is "" ? null : request.Description,
            Category = request.Category!,
            VideoUrl = request.VideoUrl!,
            PosterUrl = request.PosterUrl is "" ? null : request.PosterUrl,
            IsFeatured = request.IsFeatured ?? false,
            IsActive = request.IsActive ?? true,
            Order = request.Order ?? await ShowcaseItems.NextOrderAsync(db.ShowcaseVideos, cancellationToken),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.ShowcaseVideos.Add(video);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"{ApiRoutes.Prefix}/admin/showcase/videos/{video.Id}", AdminShowcaseVideoResponse.From(video));
    }

    public static async Task<Results<Ok<AdminShowcaseVideoResponse>, NotFound<ErrorResponse>, UnprocessableEntity<ValidationErrorResponse>>> Update(
        [FromRoute(Name = "video_id")] long videoId, UpdateShowcaseVideoRequest request, AIVideoDbContext db, ShowcaseMediaStore media, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (await media.FindMissingAsync(request.MediaReferences(), cancellationToken) is { } missing)
        {
            return missing.ToResult();
        }

        if (request.ChangesNothing())
        {
            return await Find(db, videoId, cancellationToken) is { } unchanged ? TypedResults.Ok(unchanged) : ShowcaseItems.NotFound(Kind, videoId);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var updated = await db.ShowcaseVideos.Where(v => v.Id == videoId).ExecuteUpdateAsync(set =>
        {
            set.SetProperty(v => v.UpdatedAt, now);
            if (request.Title is { } title)
            {
                set.SetProperty(v => v.Title, title);
            }

            if (request.Description is { } description)
            {
                set.SetProperty(v => v.Description, description is "" ? null : description);
            }

            if (request.Category is { } category)
            {
                set.SetProperty(v => v.Category, category);
            }

            if (request.VideoUrl is { } videoUrl)
            {
                set.SetProperty(v => v.VideoUrl, videoUrl);
            }

            if (request.PosterUrl is { } posterUrl)
            {
                set.SetProperty(v => v.PosterUrl, posterUrl is "" ? null : posterUrl);
            }

            if (request.IsFeatured is { } isFeatured)
            {
                set.SetProperty(v => v.IsFeatured, isFeatured);
            }

            if (request.Order is { } order)
            {
                set.SetProperty(v => v.Order, order);
            }

            if (request.IsActive is { } isActive)
            {
                set.SetProperty(v => v.IsActive, isActive);
            }
        }, cancellationToken);

        return updated > 0 && await Find(db, videoId, cancellationToken) is { } video
            ? TypedResults.Ok(video)
            : ShowcaseItems.NotFound(Kind, videoId);
    }

    public static async Task<Results<Ok<AdminShowcaseVideoListResponse>, NotFound<ErrorResponse>>> Reorder(
        ReorderRequest request, AIVideoDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var (missing, items) = await ShowcaseItems.ReorderAsync<ShowcaseVideo>(db, request.Ids!, time.GetUtcNow().UtcDateTime, cancellationToken);
        return missing is { } id
            ? ShowcaseItems.NotFound(Kind, id)
            : TypedResults.Ok(new AdminShowcaseVideoListResponse([.. items.Select(AdminShowcaseVideoResponse.From)], items.Count));
    }

    public static async Task<Results<NoContent, NotFound<ErrorResponse>>> Delete(
        [FromRoute(Name = "video_id")] long videoId, AIVideoDbContext db, CancellationToken cancellationToken) =>
        await ShowcaseItems.DeleteAsync<ShowcaseVideo>(db, videoId, cancellationToken) ? TypedResults.NoContent() : ShowcaseItems.NotFound(Kind, videoId);

    private static Task<AdminShowcaseVideoResponse?> Find(AIVideoDbContext db, long videoId, CancellationToken cancellationToken) =>
        ShowcaseItems.FindAsync(db, videoId, AdminShowcaseVideoResponse.Projection, cancellationToken);
}
