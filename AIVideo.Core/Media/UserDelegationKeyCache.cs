using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;

namespace AIVideo.Core.Media;

/// <summary>
/// Holds one user delegation key (the Azure way to sign URLs without an account key) and renews
/// it before it gets too old to cover a full signed-URL lifetime, so signing stays a local operation.
/// </summary>
public sealed class UserDelegationKeyCache(BlobServiceClient blobs, IOptions<MediaOptions> options, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _renewal = new(1, 1);
    private UserDelegationKey? _key;

    public async ValueTask<UserDelegationKey> GetAsync(CancellationToken cancellationToken)
    {
        if (IsFresh(_key))
        {
            return _key!;
        }

        await _renewal.WaitAsync(cancellationToken);
        try
        {
            if (!IsFresh(_key))
            {
                var now = time.GetUtcNow();
                // Started a little in the past: the storage service's clock may be behind ours.
                _key = (await blobs.GetUserDelegationKeyAsync(now.AddMinutes(-5), now + options.Value.UserDelegationKeyLifetime, cancellationToken)).Value;
            }

            return _key!;
        }
        finally
        {
            _renewal.Release();
        }
    }

    public void Dispose() => _renewal.Dispose();

    private bool IsFresh(UserDelegationKey? key) =>
        key is not null && key.SignedExpiresOn - time.GetUtcNow() > options.Value.SignedUrlLifetime + TimeSpan.FromMinutes(5);
}
