using AIVideo.Core.Hosting;
using AIVideo.Core.Media;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;

namespace AIVideo.Tests.Media;

/// <summary>
/// Signing in Azure, where the storage account has no usable key: URLs are signed with a user
/// delegation key, fetched once and renewed before it is too old to cover a URL's lifetime.
/// Azure itself is out of reach here, so a stand-in plays the storage service's key endpoint.
/// </summary>
public sealed class UserDelegationSigningTests
{
    private readonly AzureBlobServiceStandIn _azure = new();
    private readonly MovableTimeProvider _time = new();
    private readonly MediaUrlSigner _signer;

    public UserDelegationSigningTests()
    {
        var options = Options.Create(new MediaOptions());
        _signer = new MediaUrlSigner(
            _azure,
            StorageConnection.Parse("https://aivideomedia.blob.core.windows.net/"),
            new UserDelegationKeyCache(_azure, options, _time),
            options,
            _time);
    }

    [Fact]
    public async Task Urls_are_signed_with_a_user_delegation_key_and_carry_no_account_key()
    {
        var url = (await _signer.SignReadAsync(MediaContainers.Videos, "user_1/2/1.mp4", TestContext.Current.CancellationToken)).ToString();

        Assert.StartsWith("https://aivideomedia.blob.core.windows.net/videos/user_1/2/1.mp4?", url, StringComparison.Ordinal);
        Assert.Contains("skoid=", url, StringComparison.Ordinal);
        Assert.Contains("sktid=", url, StringComparison.Ordinal);
        Assert.Contains("sp=r&", url, StringComparison.Ordinal);
        Assert.Contains("spr=https&", url, StringComparison.Ordinal);
        Assert.Contains("sig=", url, StringComparison.Ordinal);
        Assert.DoesNotContain(AzureBlobServiceStandIn.KeySecret, Uri.UnescapeDataString(url), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_delegation_key_is_fetched_once_and_renewed_before_it_gets_too_old()
    {
        for (var i = 0; i < 20; i++)
        {
            await _signer.SignReadAsync(MediaContainers.Posters, $"user_1/{i}/1.jpg", TestContext.Current.CancellationToken);
        }

        Assert.Equal(1, _azure.KeyRequests);

        // 22 hours on, the day-long key still covers a whole one-hour URL: no new key.
        _time.Advance(TimeSpan.FromHours(22));
        await _signer.SignReadAsync(MediaContainers.Videos, "user_1/1/1.mp4", TestContext.Current.CancellationToken);
        Assert.Equal(1, _azure.KeyRequests);

        // 23.5 hours on, it would expire before a new URL does: renewed.
        _time.Advance(TimeSpan.FromHours(1.5));
        await _signer.SignReadAsync(MediaContainers.Videos, "user_1/1/1.mp4", TestContext.Current.CancellationToken);
        Assert.Equal(2, _azure.KeyRequests);
    }

    [Fact]
    public async Task A_signed_url_is_handed_out_again_within_the_reuse_window_and_signed_anew_after_it()
    {
        var first = await _signer.SignReadAsync(MediaContainers.Videos, "user_1/3/1.mp4", TestContext.Current.CancellationToken);

        _time.Advance(new MediaOptions().SignedUrlReuse - TimeSpan.FromSeconds(1));
        Assert.Same(first, await _signer.SignReadAsync(MediaContainers.Videos, "user_1/3/1.mp4", TestContext.Current.CancellationToken));
        Assert.NotEqual(first, await _signer.SignReadAsync(MediaContainers.Posters, "user_1/3/1.mp4", TestContext.Current.CancellationToken));

        _time.Advance(TimeSpan.FromSeconds(1));
        var renewed = await _signer.SignReadAsync(MediaContainers.Videos, "user_1/3/1.mp4", TestContext.Current.CancellationToken);
        Assert.NotEqual(first, renewed);
        Assert.Equal(first.AbsolutePath, renewed.AbsolutePath);
    }

    [Fact]
    public async Task Concurrent_signing_asks_for_one_key()
    {
        // The first key request is held until every signing has started, so they all overlap it.
        _azure.HoldKeys();
        var signings = Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            _signer.SignReadAsync(MediaContainers.Videos, $"user_1/{i}/1.mp4", TestContext.Current.CancellationToken).AsTask()));
        _azure.ReleaseKeys();
        await signings;

        Assert.Equal(1, _azure.KeyRequests);
    }

    /// <summary>The storage service's "get user delegation key" operation, answered locally.</summary>
    private sealed class AzureBlobServiceStandIn : BlobServiceClient
    {
        public const string KeySecret = "c2VjcmV0LWRlbGVnYXRpb24ta2V5LWJ5dGVzLTAxMjM0NTY3ODk=";

        private int _keyRequests;
        private TaskCompletionSource? _keysHeld;

        public int KeyRequests => _keyRequests;

        /// <summary>Key requests wait until <see cref="ReleaseKeys"/>.</summary>
        public void HoldKeys() => _keysHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void ReleaseKeys() => _keysHeld?.TrySetResult();

        public override string AccountName => "aivideomedia";

        public override Uri Uri { get; } = new("https://aivideomedia.blob.core.windows.net/");

        public override BlobContainerClient GetBlobContainerClient(string blobContainerName) =>
            new(new Uri(Uri, blobContainerName));

        public override async Task<Response<UserDelegationKey>> GetUserDelegationKeyAsync(DateTimeOffset? startsOn, DateTimeOffset expiresOn, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _keyRequests);
            await (_keysHeld?.Task ?? Task.CompletedTask).WaitAsync(cancellationToken);
            var key = BlobsModelFactory.UserDelegationKey(
                Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), startsOn ?? DateTimeOffset.UtcNow, expiresOn, "b", "2025-07-05", KeySecret);
            return Response.FromValue(key, null!);
        }
    }

    private sealed class MovableTimeProvider : TimeProvider
    {
        private TimeSpan _offset;

        public void Advance(TimeSpan by) => _offset += by;

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;
    }
}
