using AIVideo.Api.Infrastructure.Errors;
using AIVideo.Api.Infrastructure.Validation;
using AIVideo.Core.Data;
using AIVideo.Core.Data.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AIVideo.Api.Admin.Content;

/// <summary>Create, read, update, reorder and delete trial images (<c>/admin/showcase/trial-images</c>).</summary>
public static class TrialImagesAdmin
{
    private const string Kind = "Trial image";

    public static async Task<Ok<AdminTrialImageListResponse>> List(
        [AsParameters] AdminContentQuery query, AIVideoDbContext db, CancellationToken cancellationToken)
    {
        var (page, total) = await ShowcaseItems.PageAsync(db, query, AdminTrialImageResponse.Projection, cancellationToken);
        return TypedResults.Ok(new AdminTrialImageListResponse(page, total));
    }

    public static async Task<Results<Ok<AdminTrialImageResponse>, NotFound<ErrorResponse>>> Get(
        [FromRoute(Name = "image_id")] long imageId, AIVideoDbContext db, CancellationToken cancellationToken) =>
        await Find(db, imageId, cancellationToken) is { } image ? TypedResults.Ok(image) : ShowcaseItems.NotFound(Kind, imageId);

    public static async Task<Results<Created<AdminTrialImageResponse>, UnprocessableEntity<ValidationErrorResponse>>> Create(
        CreateTrialImageRequest request, AIVideoDbContext db, ShowcaseMediaStore media, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await media.FindMissingAsync(request.MediaReferences(), cancellationToken) is { } missing)
        {
            return missing.ToResult();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var image = new TrialImage
        {
            Title = request.Title!,
            ImageUrl = request.ImageUrl!,
            Category = request.Category!,
            IsActive = request.IsActive ?? true,
            Order = request.Order ?? await ShowcaseItems.NextOrderAsync(db.TrialImages, cancellationToken),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.TrialImages.Add(image);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"{ApiRoutes.Prefix}/admin/showcase/trial-images/{image.Id}", AdminTrialImageResponse.From(image));
    }

    public static async Task<Results<Ok<AdminTrialImageResponse>, NotFound<ErrorResponse>, UnprocessableEntity<ValidationErrorResponse>>> Update(
        [FromRoute(Name = "image_id")] long imageId, UpdateTrialImageRequest request, AIVideoDbContext db, ShowcaseMediaStore media, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (await media.FindMissingAsync(request.MediaReferences(), cancellationToken) is { } missing)
        {
            return missing.ToResult();
        }

        if (request.ChangesNothing())
        {
            return await Find(db, imageId, cancellationToken) is { } unchanged ? TypedResults.Ok(unchanged) : ShowcaseItems.NotFound(Kind, imageId);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var updated = await db.TrialImages.Where(i => i.Id == imageId).ExecuteUpdateAsync(set =>
        {
            set.SetProperty(i => i.UpdatedAt, now);
            if (request.Title is { } title)
            {
                set.SetProperty(i => i.Title, title);
            }

            if (request.ImageUrl is { } imageUrl)
            {
                set.SetProperty(i => i.ImageUrl, imageUrl);
            }

            if (request.Category is { } category)
            {
                set.SetProperty(i => i.Category, category);
            }

            if (request.Order is { } order)
            {
                set.SetProperty(i => i.Order, order);
            }

            if (request.IsActive is { } isActive)
            {
                set.SetProperty(i => i.IsActive, isActive);
            }
        }, cancellationToken);

        return updated > 0 && await Find(db, imageId, cancellationToken) is { } image
            ? TypedResults.Ok(image)
            : ShowcaseItems.NotFound(Kind, imageId);
    }

    public static async Task<Results<Ok<AdminTrialImageListResponse>, NotFound<ErrorResponse>>> Reorder(
        ReorderRequest request, AIVideoDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var (missing, items) = await ShowcaseItems.ReorderAsync<TrialImage>(db, request.Ids!, time.GetUtcNow().UtcDateTime, cancellationToken);
        return missing is { } id
            ? ShowcaseItems.NotFound(Kind, id)
            : TypedResults.Ok(new AdminTrialImageListResponse([.. items.Select(AdminTrialImageResponse.From)], items.Count));
    }

    public static async Task<Results<NoContent, NotFound<ErrorResponse>>> Delete(
        [FromRoute(Name = "image_id")] long imageId, AIVideoDbContext db, CancellationToken cancellationToken) =>
        await ShowcaseItems.DeleteAsync<TrialImage>(db, imageId, cancellationToken) ? TypedResults.NoContent() : ShowcaseItems.NotFound(Kind, imageId);

    private static Task<AdminTrialImageResponse?> Find(AIVideoDbContext db, long imageId, CancellationToken cancellationToken) =>
        ShowcaseItems.FindAsync(db, imageId, AdminTrialImageResponse.Projection, cancellationToken);
}
