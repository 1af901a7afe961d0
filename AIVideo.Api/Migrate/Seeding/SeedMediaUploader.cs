using System.Security.Cryptography;
using AIVideo.Core.Media;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;

namespace AIVideo.Api.Migrate.Seeding;

/// <summary>
/// Decides the seed's media (<see cref="SeedOptions.Media"/>). For <see cref="SeedMediaSource.Local"/>
/// it uploads the bundled files into the <c>showcase</c> container, each only while its blob is missing.
/// </summary>
internal sealed class SeedMediaUploader(BlobServiceClient blobs, IOptions<SeedOptions> options, ILogger<SeedMediaUploader> logger)
{
    /// <summary>Prefix of the embedded resources (AIVideo.Api.csproj).</summary>
    internal const string ResourcePrefix = "SeedMedia/";

    public async Task<SeedMedia> PrepareAsync(CancellationToken cancellationToken = default)
    {
        if (options.Value.Media == SeedMediaSource.Remote)
        {
            return SeedMedia.Remote;
        }

        var container = blobs.GetBlobContainerClient(MediaContainers.Showcase);
        var names = new Dictionary<string, string>();
        var uploaded = 0;
        foreach (var file in SeedMedia.Files)
        {
            await using var stream = typeof(SeedMediaUploader).Assembly.GetManifestResourceStream(ResourcePrefix + file)
                ?? throw new InvalidOperationException($"Seed media file {file} is not embedded in {typeof(SeedMediaUploader).Assembly.GetName().Name}.");
            var content = await BinaryData.FromStreamAsync(stream, cancellationToken);
            var blobName = BlobName(file, content);
            var blob = container.GetBlobClient(blobName);
            if (!(await blob.ExistsAsync(cancellationToken)).Value)
            {
                // Named by content, so a migrate racing this one would write the very same bytes.
                await blob.UploadAsync(content, new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = ContentType(file), CacheControl = "public, max-age=31536000, immutable" },
                }, cancellationToken);
                uploaded++;
            }

            names[file] = blobName;
        }

        logger.LogInformation("Seed media are local: uploaded {Uploaded} of {Count} bundled files to the {Container} container", uploaded, names.Count, MediaContainers.Showcase);
        return SeedMedia.Local(names);
    }

    /// <summary>
    /// <c>media/{hash}.{ext}</c>, the shape of admin uploads (so the admin endpoints accept it), named
    /// by content: the same file keeps its blob, a re-rendered one gets a new name.
    /// </summary>
    internal static string BlobName(string file, BinaryData content) =>
        $"media/{Convert.ToHexStringLower(SHA256.HashData(content.ToMemory().Span))[..32]}{Path.GetExtension(file)}";

    private static string ContentType(string file) => Path.GetExtension(file) switch
    {
        ".mp4" => "video/mp4",
        ".jpg" => ImageFormat.Jpeg.ContentType,
        var extension => throw new InvalidOperationException($"No content type for seed media {extension} files."),
    };
}
