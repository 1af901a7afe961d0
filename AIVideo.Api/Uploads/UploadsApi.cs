using System.Security.Claims;
using AIVideo.Api.Auth;
using AIVideo.Api.Infrastructure.Errors;
using AIVideo.Api.Infrastructure.Validation;
using AIVideo.Api.RateLimiting;
using AIVideo.Core.Data;
using AIVideo.Core.Media;
using Azure;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AIVideo.Api.Uploads;

public static class UploadsApi
{
    private const string FileField = "file";

    /// <summary>What <c>GET /uploads/...</c> answers as <c>Cache-Control</c>.</summary>
    public const string UploadedImageCaching = "private, max-age=3600";

    public static WebApplicationBuilder AddUploads(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<UploadOptions>().BindConfiguration(UploadOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<UploadedImageStore>();
        return builder;
    }

    public static IEndpointRouteBuilder MapUploadsApi(this IEndpointRouteBuilder app)
    {
        var upload = app.MapGroup($"{ApiRoutes.Prefix}/upload").WithTags("Upload")
            .WithMetadata(new RequestSizeLimitAttribute(UploadLimits.MaxRequestBytes))
            .RequireRateLimiting(RateLimitPolicies.Upload)
            .DisableAntiforgery()
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status429TooManyRequests);

        upload.MapPost("/image", UploadImage).WithName(nameof(UploadImage)).RequireAuthorization()
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesErrors(StatusCodes.Status401Unauthorized);
        upload.MapPost("/validate", ValidateImage).WithName(nameof(ValidateImage))
            .Accepts<IFormFile>("multipart/form-data");

        // Outside /api/v1, where the contract's file_path points; each read costs a query and a blob
        // download, so it is counted like the rest of the API.
        app.MapGet("/uploads/{owner}/{name}", GetUploadedImage).WithName(nameof(GetUploadedImage)).WithTags("Upload")
            .RequireRateLimiting(RateLimitPolicies.Default)
            .ProducesErrors(StatusCodes.Status429TooManyRequests);

        return app;
    }

    public static async Task<Results<Ok<UploadResponse>, JsonHttpResult<ErrorResponse>, UnprocessableEntity<ValidationErrorResponse>>> UploadImage(
        HttpRequest request, ClaimsPrincipal user, UploadedImageStore store, IOptions<UploadOptions> quota, CancellationToken cancellationToken)
    {
        var read = await MultipartFileReader.ReadAsync(request, FileField, UploadLimits.MaxFileBytes, cancellationToken);
        using var content = read.Content;
        if (read.Status == MultipartFileStatus.Missing)
        {
            return MissingFile();
        }

        var (image, refusal) = await CheckImageAsync(read, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var saved = await store.SaveAsync(user.GetUserId(), content!.Memory, image!, UploadPaths.CleanFileName(read.FileName, image!.Format.Extension), cancellationToken);
        return saved is null
            ? TypedResults.Json(new ErrorResponse(quota.Value.QuotaExceededMessage), statusCode: StatusCodes.Status413PayloadTooLarge)
            : TypedResults.Ok(new UploadResponse("File uploaded successfully", saved.FilePath, saved.OriginalName));
    }

    public static async Task<Results<Ok<ValidateResponse>, JsonHttpResult<ErrorResponse>, UnprocessableEntity<ValidationErrorResponse>>> ValidateImage(
        HttpRequest request, CancellationToken cancellationToken)
    {
        var read = await MultipartFileReader.ReadAsync(request, FileField, UploadLimits.MaxFileBytes, cancellationToken);
        using var content = read.Content;
        if (read.Status == MultipartFileStatus.Missing)
        {
            return MissingFile();
        }

        var (image, refusal) = await CheckImageAsync(read, cancellationToken);
        return refusal is not null
            ? refusal
            : TypedResults.Ok(new ValidateResponse(true, "File is valid", UploadPaths.CleanFileName(read.FileName, image!.Format.Extension), content!.Length));
    }

    public static async Task<Results<FileStreamHttpResult, StatusCodeHttpResult, NotFound<ErrorResponse>>> GetUploadedImage(
        string owner, string name, HttpContext context, AIVideoDbContext db, BlobServiceClient blobs, CancellationToken cancellationToken)
    {
        if (!UploadPaths.IsWellFormed(owner, name))
        {
            return NotFound();
        }

        var filePath = UploadPaths.FilePath($"{owner}/{name}");
        var image = await db.UploadedImages
            .Where(i => i.FilePath == filePath)
            .Select(i => new { i.BlobName, i.ContentType, i.Sha256 })
            .SingleOrDefaultAsync(cancellationToken);
        if (image is null)
        {
            return NotFound();
        }

        // A user's image, found by whoever has its path: browsers may keep it for a while, shared
        // caches (proxies, CDNs) must not, and no copy outlives an hour without asking again.
        var etag = new EntityTagHeaderValue($"\"{image.Sha256}\"");
        var headers = context.Response.Headers;
        headers.CacheControl = UploadedImageCaching;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        if (EntityTagHeaderValue.TryParseList(context.Request.Headers.IfNoneMatch, out var requested)
            && requested.Any(tag => tag.Compare(etag, useStrongComparison: false) || tag.Equals(EntityTagHeaderValue.Any)))
        {
            headers.ETag = etag.ToString();
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        try
        {
            var download = await blobs.GetBlobContainerClient(MediaContainers.Uploads).GetBlobClient(image.BlobName)
                .DownloadStreamingAsync(cancellationToken: cancellationToken);
            return TypedResults.Stream(download.Value.Content, image.ContentType, entityTag: etag, enableRangeProcessing: false);
        }
        catch (RequestFailedException exception) when (exception.Status == StatusCodes.Status404NotFound)
        {
            return NotFound();
        }

        static NotFound<ErrorResponse> NotFound() => TypedResults.NotFound(new ErrorResponse("Not Found"));
    }

    private static UnprocessableEntity<ValidationErrorResponse> MissingFile() =>
        new ValidationErrors().Missing(Location.Body(FileField)).ToResult();

    /// <summary>
    /// The contract's checks after presence: the size, then what the file really is. The type
    /// comes from the bytes, and the whole file must decode as that type (checked from the header
    /// first, then decoded at the smallest scale, waiting for one of the process's few decode slots).
    /// The refusal is null when it passes.
    /// </summary>
    private static async Task<(ImageInfo? Image, JsonHttpResult<ErrorResponse>? Refusal)> CheckImageAsync(MultipartFileResult read, CancellationToken cancellationToken)
    {
        if (read.Status == MultipartFileStatus.TooLarge)
        {
            // The rest of the upload is never read by us; the server's request size limit (set on
            // this group) stops the connection from being drained past it.
            return (null, TypedResults.Json(new ErrorResponse(UploadLimits.TooLargeMessage), statusCode: StatusCodes.Status413PayloadTooLarge));
        }

        var image = await ImageInspector.InspectAsync(read.Content!.Memory, cancellationToken);
        return image is null
            ? (null, TypedResults.Json(new ErrorResponse(UploadLimits.InvalidTypeMessage), statusCode: StatusCodes.Status400BadRequest))
            : (image, null);
    }
}

public sealed record UploadResponse(string Message, string FilePath, string Filename);

public sealed record ValidateResponse(bool Valid, string Message, string Filename, long Size);
