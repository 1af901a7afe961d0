using System.Linq.Expressions;
using AIVideo.Core.Data.Entities;
using AIVideo.Core.Media;

namespace AIVideo.Core.Videos;

/// <summary>The contract's video object. <c>progress</c> (0–100) is a compatible addition.</summary>
public sealed record VideoResponse(
    long Id,
    long UserId,
    string Prompt,
    string Model,
    string? ReferenceImageUrl,
    string? VideoUrl,
    string? PosterUrl,
    VideoStatus Status,
    int Progress,
    int? Duration,
    string? Resolution,
    string? ErrorMessage,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <summary>What a read selects from <c>videos</c>: the response's columns, with blob names still unsigned.</summary>
public sealed record VideoRow(
    long Id,
    long UserId,
    string Prompt,
    string Model,
    string? ReferenceImageUrl,
    string? VideoBlob,
    string? PosterBlob,
    VideoStatus Status,
    int Progress,
    int? Duration,
    string? Resolution,
    string? ErrorMessage,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public static readonly Expression<Func<Video, VideoRow>> Projection = v => new VideoRow(
        v.Id, v.UserId, v.Prompt, v.Model, v.ReferenceImageUrl, v.VideoBlob, v.PosterBlob,
        v.Status, v.Progress, v.Duration, v.Resolution, v.ErrorMessage, v.CreatedAt, v.UpdatedAt);

    /// <summary>Signs fresh media URLs: every read renews their lifetime.</summary>
    public async ValueTask<VideoResponse> ToResponseAsync(MediaUrlSigner signer, CancellationToken cancellationToken) => new(
        Id, UserId, Prompt, Model, ReferenceImageUrl,
        await signer.ResolveAsync(MediaContainers.Videos, VideoBlob, cancellationToken),
        await signer.ResolveAsync(MediaContainers.Posters, PosterBlob, cancellationToken),
        Status, Progress, Duration, Resolution, ErrorMessage, CreatedAt, UpdatedAt);
}
