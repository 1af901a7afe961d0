using System.Collections.Concurrent;
using AIVideo.Core.Hosting;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AIVideo.Core.Media;

/// <summary>
/// Short-lived, read-only URLs to one blob, which a browser's <c>&lt;video&gt;</c> or
/// <c>&lt;img&gt;</c> loads (with range requests) straight from storage. Signed with the account
/// key where the connection has one (Azurite), else with a cached user delegation key (Azure,
/// managed identity). Either way the URL carries a signature, never the key. A URL is handed out
/// again for <see cref="MediaOptions.SignedUrlReuse"/>: signing is most of the cost of a page.
/// </summary>
public sealed class MediaUrlSigner(
    BlobServiceClient blobs,
    [FromKeyedServices(ConnectionNames.Blobs)] StorageConnection connection,
    UserDelegationKeyCache delegationKeys,
    IOptions<MediaOptions> options,
    TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Container, string Blob), SignedUrl> _signed = new();
    private int _signedCount;

    public async ValueTask<Uri> SignReadAsync(string container, string blobName, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (_signed.TryGetValue((container, blobName), out var kept) && now < kept.ReuseUntil && now >= kept.SignedAt)
        {
            return kept.Url;
        }

        var url = await SignAsync(container, blobName, now, cancellationToken);
        var settings = options.Value;
        if (settings.SignedUrlReuse > TimeSpan.Zero)
        {
            if (Interlocked.Increment(ref _signedCount) > settings.SignedUrlReuseCapacity)
            {
                _signed.Clear();
                Interlocked.Exchange(ref _signedCount, 0);
            }

            _signed[(container, blobName)] = new SignedUrl(url, now, now + settings.SignedUrlReuse);
        }

        return url;
    }

    private async ValueTask<Uri> SignAsync(string container, string blobName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var blob = blobs.GetBlobContainerClient(container).GetBlobClient(blobName);
        var sas = new BlobSasBuilder
        {
            BlobContainerName = container,
            BlobName = blobName,
            Resource = "b",
            StartsOn = now.AddMinutes(-5),
            ExpiresOn = now + options.Value.SignedUrlLifetime,
            Protocol = blob.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };
        sas.SetPermissions(BlobSasPermissions.Read);

        if (!connection.UsesTokenCredential)
        {
            return blob.GenerateSasUri(sas);
        }

        var key = await delegationKeys.GetAsync(cancellationToken);
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key, blobs.AccountName) }.ToUri();
    }

    /// <summary>
    /// A stored media reference, either an absolute URL (showcase seed media) passed through, or a
    /// blob name in <paramref name="container"/> that gets signed. Null stays null.
    /// </summary>
    public async ValueTask<string?> ResolveAsync(string container, string? reference, CancellationToken cancellationToken = default) =>
        reference switch
        {
            null or "" => null,
            _ when Uri.TryCreate(reference, UriKind.Absolute, out var absolute) && absolute.Scheme is "https" or "http" => reference,
            _ => (await SignReadAsync(container, reference, cancellationToken)).ToString(),
        };

    private sealed record SignedUrl(Uri Url, DateTimeOffset SignedAt, DateTimeOffset ReuseUntil);
}
