using System.Security.Claims;
using AIVideo.Api.Auth;
using AIVideo.Api.Infrastructure.Errors;
using AIVideo.Api.Infrastructure.Validation;
using AIVideo.Api.Outbox;
using AIVideo.Api.RateLimiting;
using AIVideo.Api.Users;
using AIVideo.Core.Data;
using AIVideo.Core.Media;
using AIVideo.Core.Serialization;
using AIVideo.Core.Videos;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AIVideo.Api.Videos;

public static class VideosApi
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static WebApplicationBuilder AddVideos(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<VideoJobs>();
        builder.Services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxSender>();
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(OutboxSender.ActivitySourceName));
        builder.Services.AddHostedService<OutboxDispatcher>();
        return builder;
    }

    public static IEndpointRouteBuilder MapVideosApi(this IEndpointRouteBuilder app)
    {
        var videos = app.MapGroup($"{ApiRoutes.Prefix}/videos").WithTags("Videos").WithRequestValidation()
            .RequireRateLimiting(RateLimitPolicies.Default)
            .ProducesErrors(StatusCodes.Status429TooManyRequests);

        videos.MapGet("/models/list", ListModels).WithName(nameof(ListModels));

        var mine = videos.MapGroup(string.Empty).RequireAuthorization().ProducesErrors(StatusCodes.Status401Unauthorized)
            .ForgetsCallerReadsAfterWrites();
        mine.MapPost("/generate", GenerateVideo).WithName(nameof(GenerateVideo)).RequireRateLimiting(RateLimitPolicies.Generate)
            .ProducesErrors(StatusCodes.Status402PaymentRequired);
        mine.MapGet("/", ListVideos).WithName(nameof(ListVideos));
        mine.MapGet("/{video_id}", GetVideo).WithName(nameof(GetVideo));
        mine.MapDelete("/{video_id}", DeleteVideo).WithName(nameof(DeleteVideo));
        mine.MapPost("/{video_id}/retry", RetryVideo).WithName(nameof(RetryVideo)).ProducesErrors(StatusCodes.Status402PaymentRequired);

        return app;
    }

    public static async Task<Results<Created<VideoResponse>, JsonHttpResult<ErrorResponse>, Conflict<ErrorResponse>, UnprocessableEntity<ValidationErrorResponse>>> GenerateVideo(
        GenerateVideoRequest request,
        [AsParameters] GenerateVideoHeaders headers,
        ClaimsPrincipal user,
        VideoModelCatalog catalog,
        VideoJobs jobs,
        AIVideoDbContext db,
        MediaUrlSigner signer,
        VideoEvents events,
        CancellationToken cancellationToken)
    {
        var userId = user.GetUserId();
        if (request.ReferenceImageUrl is { } reference
            && ReferenceImages.Classify(reference) == ReferenceImageKind.Upload
            && !await db.UploadedImages.AnyAsync(i => i.FilePath == reference && i.UserId == userId, cancellationToken))
        {
            // Ownership needs the database, so it is checked here rather than by the request itself.
            return new ValidationErrors().Add(Location.Body("reference_image_url"), "reference_image_url is not one of your uploads", "value_error.url").ToResult();
        }

        var outcome = await jobs.SubmitAsync(userId, request, catalog.Find(request.ModelOrDefault)!, headers.IdempotencyKey, cancellationToken);
        switch (outcome)
        {
            case { KeyConflict: true }:
                return TypedResults.Conflict(new ErrorResponse("Idempotency-Key reused with a different request"));
            case { Required: { } required, Available: { } available }:
                return InsufficientCredits(required, available);
            case { Video: { } video }:
                var created = await video.ToResponseAsync(signer, cancellationToken);
                // The user's other tabs and devices see the new video without polling.
                await events.PublishAsync(created);
                return TypedResults.Created($"{ApiRoutes.Prefix}/videos/{video.Id}", created);
            default:
                throw new InvalidOperationException("Unexpected submit outcome.");
        }
    }

    public static async Task<Ok<VideoListResponse>> ListVideos(
        [AsParameters] ListVideosQuery query, ClaimsPrincipal user, UserReads reads, MediaUrlSigner signer, HttpContext http, CancellationToken cancellationToken)
    {
        var page = await reads.VideoPageAsync(
            http.RequestServices, new VideoPageKey(user.GetUserId(), query.Status, query.Paging.Offset, query.Paging.PageSizeOrDefault), cancellationToken);

        var videos = new List<VideoResponse>(page.Rows.Count);
        foreach (var row in page.Rows)
        {
            videos.Add(await row.ToResponseAsync(signer, cancellationToken));
        }

        return TypedResults.Ok(new VideoListResponse(videos, page.Total, query.Paging.PageOrDefault, query.Paging.PageSizeOrDefault));
    }

    public static async Task<Results<Ok<VideoResponse>, NotFound<ErrorResponse>>> GetVideo(
        [FromRoute(Name = "video_id")] long videoId, ClaimsPrincipal user, AIVideoDbContext db, MediaUrlSigner signer, CancellationToken cancellationToken)
    {
        var userId = user.GetUserId();
        var row = await db.Videos.Where(v => v.Id == videoId && v.UserId == userId).Select(VideoRow.Projection).SingleOrDefaultAsync(cancellationToken);
        return row is null ? VideoNotFound(videoId) : TypedResults.Ok(await row.ToResponseAsync(signer, cancellationToken));
    }

    public static async Task<Results<NoContent, NotFound<ErrorResponse>>> DeleteVideo(
        [FromRoute(Name = "video_id")] long videoId, ClaimsPrincipal user, VideoJobs jobs, VideoEvents events, CancellationToken cancellationToken)
    {
        var userId = user.GetUserId();
        if (!await jobs.DeleteAsync(userId, videoId, cancellationToken))
        {
            return VideoNotFound(videoId);
        }

        await events.PublishDeletedAsync(userId, videoId);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<VideoResponse>, BadRequest<ErrorResponse>, NotFound<ErrorResponse>, JsonHttpResult<ErrorResponse>>> RetryVideo(
        [FromRoute(Name = "video_id")] long videoId,
        ClaimsPrincipal user,
        VideoJobs jobs,
        VideoModelCatalog catalog,
        AIVideoDbContext db,
        MediaUrlSigner signer,
        VideoEvents events,
        CancellationToken cancellationToken)
    {
        var userId = user.GetUserId();
        var outcome = await jobs.RetryAsync(userId, videoId, catalog, cancellationToken);
        switch (outcome)
        {
            case { Found: false }:
                return VideoNotFound(videoId);
            case { Failed: false }:
                return TypedResults.BadRequest(new ErrorResponse("Can only retry failed videos"));
            case { GoneModel: { } model }:
                return TypedResults.BadRequest(new ErrorResponse($"Model {model} is no longer available"));
            case { Required: { } required, Available: { } available }:
                return InsufficientCredits(required, available);
        }

        var row = await db.Videos.Where(v => v.Id == videoId && v.UserId == userId).Select(VideoRow.Projection).SingleAsync(cancellationToken);
        var retried = await row.ToResponseAsync(signer, cancellationToken);
        await events.PublishAsync(retried);
        return TypedResults.Ok(retried);
    }

    public static Ok<VideoModelListResponse> ListModels(VideoModelCatalog catalog) =>
        TypedResults.Ok(new VideoModelListResponse([.. catalog.Models.Select(m => new VideoModelResponse(
            m.Id, m.Options.Name, m.Options.Version, m.Options.Description, m.Options.CreditsCost, m.Available, m.Options.RequiresReferenceImage))]));

    private static NotFound<ErrorResponse> VideoNotFound(long videoId) =>
        TypedResults.NotFound(new ErrorResponse($"Video with id {videoId} not found"));

    private static JsonHttpResult<ErrorResponse> InsufficientCredits(decimal required, decimal available) =>
        TypedResults.Json(
            new ErrorResponse($"Insufficient credits. Required: {CreditAmount.Format(required)}, Available: {CreditAmount.Format(available)}"),
            statusCode: StatusCodes.Status402PaymentRequired);
}
