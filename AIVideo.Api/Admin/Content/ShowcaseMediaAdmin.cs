using AIVideo.Api.Infrastructure.Errors;
using AIVideo.Api.Infrastructure.Validation;
using AIVideo.Api.Uploads;
using AIVideo.Core.Media;

namespace AIVideo.Api.Admin.Content;

/// <summary><c>POST /admin/showcase/media</c>: images with the user upload checks, or MP4 clips.</summary>
public static class ShowcaseMediaAdmin
{
    private const string FileField = "file";

    public static async Task<Results<Created<ShowcaseMediaResponse>, JsonHttpResult<ErrorResponse>, UnprocessableEntity<ValidationErrorResponse>>> Upload(
        HttpRequest request, ShowcaseMediaStore store, MediaUrlSigner signer, CancellationToken cancellationToken)
    {
        var read = await MultipartFileReader.ReadAsync(request, FileField, ShowcaseMediaStore.MaxVideoBytes, cancellationToken);
        using var content = read.Content;
        switch (read.Status)
        {
            case MultipartFileStatus.Missing:
                return new ValidationErrors().Missing(Location.Body(FileField)).ToResult();
            case MultipartFileStatus.TooLarge:
                return TypedResults.Json(new ErrorResponse(ShowcaseMediaStore.VideoTooLargeMessage), statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var type = Identify(content!.Memory.Span, out var refusal);
        if (type is null)
        {
            return refusal!;
        }

        var blobName = await store.SaveAsync(content.Memory, type, cancellationToken);
        var preview = await signer.SignReadAsync(MediaContainers.Showcase, blobName, cancellationToken);
        return TypedResults.Created((string?)null, new ShowcaseMediaResponse(blobName, preview.ToString(), type.ContentType, content.Length));
    }

    /// <summary>
    /// An MP4 clip, or an image checked exactly as user uploads are (size first, then what the
    /// bytes really are); otherwise the refusal a user upload would get.
    /// </summary>
    private static ShowcaseMediaType? Identify(ReadOnlySpan<byte> data, out JsonHttpResult<ErrorResponse>? refusal)
    {
        refusal = null;
        if (ShowcaseMediaStore.IsMp4(data))
        {
            return ShowcaseMediaStore.Mp4;
        }

        if (data.Length > UploadLimits.MaxFileBytes)
        {
            refusal = TypedResults.Json(new ErrorResponse(UploadLimits.TooLargeMessage), statusCode: StatusCodes.Status413PayloadTooLarge);
            return null;
        }

        if (ImageInspector.Inspect(data) is { } image)
        {
            return ShowcaseMediaStore.Of(image.Format);
        }

        refusal = TypedResults.Json(new ErrorResponse(ShowcaseMediaStore.InvalidTypeMessage), statusCode: StatusCodes.Status400BadRequest);
        return null;
    }
}

/// <param name="MediaUrl">What to put in <c>video_url</c>, <c>poster_url</c> or <c>image_url</c>.</param>
/// <param name="Url">A short-lived signed URL to preview the stored file.</param>
/// <param name="ContentType">The type the bytes were identified as.</param>
/// <param name="Size">The file's size in bytes.</param>
public sealed record ShowcaseMediaResponse(string MediaUrl, string Url, string ContentType, long Size);
