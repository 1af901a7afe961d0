using System.Net.Http.Headers;
using System.Net;
using AIVideo.Core.Hosting;
using AIVideo.Core.Media;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace AIVideo.Tests.Media;

/// <summary>Signed media URLs against real Azurite, fetched the way a browser fetches them: no credentials.</summary>
public sealed class MediaUrlSignerTests(TestServices services) : IAsyncLifetime, IDisposable
{
    private readonly HttpClient _browser = new();
    private readonly BlobServiceClient _blobs = new(services.Azurite.ConnectionString);
    private readonly byte[] _content = [.. Enumerable.Range(0, 4096).Select(i => (byte)(i % 251))];
    private string _blobName = null!;

    public async ValueTask InitializeAsync()
    {
        await TestStorage.ProvisionAsync(services.Azurite);
        _blobName = $"user_1/{Guid.NewGuid():N}/1.mp4";
        await _blobs.GetBlobContainerClient(MediaContainers.Videos).GetBlobClient(_blobName)
            .UploadAsync(new BinaryData(_content), TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public void Dispose() => _browser.Dispose();

    [Fact]
    public async Task A_signed_url_streams_a_byte_range_without_credentials()
    {
        var url = await CreateSigner(TimeProvider.System).SignReadAsync(MediaContainers.Videos, _blobName, TestContext.Current.CancellationToken);

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Range = new RangeHeaderValue(100, 199);
        using var response = await _browser.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(_content[100..200], await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal("bytes 100-199/4096", response.Content.Headers.ContentRange?.ToString());
    }

    [Fact]
    public async Task A_signed_url_carries_a_read_only_signature_and_never_the_account_key()
    {
        var url = (await CreateSigner(TimeProvider.System).SignReadAsync(MediaContainers.Videos, _blobName, TestContext.Current.CancellationToken)).ToString();

        Assert.Contains("sig=", url, StringComparison.Ordinal);
        Assert.Contains("sp=r&", url, StringComparison.Ordinal);
        Assert.DoesNotContain("AccountKey", url, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Uri.EscapeDataString("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="), url, StringComparison.Ordinal);
        Assert.DoesNotContain("Eby8vdM02x", url, StringComparison.Ordinal);

        using var overwrite = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent([1, 2, 3]) };
        overwrite.Headers.Add("x-ms-blob-type", "BlockBlob");
        using var write = await _browser.SendAsync(overwrite, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
    }

    [Fact]
    public async Task A_signed_url_expires()
    {
        // Signed as if two hours ago: its one-hour lifetime is over.
        var url = await CreateSigner(new ShiftedTimeProvider(TimeSpan.FromHours(-2))).SignReadAsync(MediaContainers.Videos, _blobName, TestContext.Current.CancellationToken);

        using var response = await _browser.GetAsync(url, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Stored_references_resolve_to_signed_urls_and_absolute_urls_pass_through()
    {
        var signer = CreateSigner(TimeProvider.System);

        Assert.Null(await signer.ResolveAsync(MediaContainers.Showcase, null, TestContext.Current.CancellationToken));
        Assert.Equal("https://cdn.example.com/a.mp4", await signer.ResolveAsync(MediaContainers.Showcase, "https://cdn.example.com/a.mp4", TestContext.Current.CancellationToken));
        var signed = await signer.ResolveAsync(MediaContainers.Videos, _blobName, TestContext.Current.CancellationToken);
        Assert.StartsWith(_blobs.Uri.ToString(), signed, StringComparison.Ordinal);
        Assert.Contains("sig=", signed, StringComparison.Ordinal);
    }

    private MediaUrlSigner CreateSigner(TimeProvider time)
    {
        var options = Options.Create(new MediaOptions());
        return new MediaUrlSigner(_blobs, StorageConnection.Parse(services.Azurite.ConnectionString), new UserDelegationKeyCache(_blobs, options, time), options, time);
    }
}
