using System.Net;
using System.Net.Http.Headers;
using AIVideo.Api.Uploads;
using AIVideo.Core.Media;
using AIVideo.Tests.Infrastructure;
using AIVideo.Core.Data.Entities;
using AIVideo.Tests.Support;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using SkiaSharp;

namespace AIVideo.Tests.Uploads;

/// <summary>Each user's uploads share a storage quota; past it, uploads are refused with 413 and nothing is stored.</summary>
public sealed class UploadQuotaTests(TestServices services) : ApiTestBase(services)
{
    private static readonly byte[] s_image = TestImages.Solid(64, 48, SKColors.SteelBlue, SKEncodedImageFormat.Png);

    /// <summary>Room for exactly three of the test image.</summary>
    private static readonly long s_quota = 3L * s_image.Length;

    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Uploads:QuotaBytes"] = s_quota.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public void Without_configuration_the_quota_is_200_megabytes()
    {
        var options = new ConfigurationBuilder().Build().GetSection(UploadOptions.SectionName).Get<UploadOptions>() ?? new UploadOptions();

        Assert.Equal(200L * 1024 * 1024, options.QuotaBytes);
        Assert.Equal("Storage quota exceeded. Maximum: 200.0 MB", options.QuotaExceededMessage);
    }

    [Fact]
    public async Task Past_the_quota_an_upload_is_refused_with_413_and_another_user_is_unaffected()
    {
        var (_, alice) = await CreateUserAsync();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await UploadAsync(alice)).StatusCode);
        }

        var refused = await UploadAsync(alice);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal(new UploadOptions { QuotaBytes = s_quota }.QuotaExceededMessage, await refused.ReadDetailAsync());
        Assert.Equal(["detail"], (await (await UploadAsync(alice)).ReadJsonAsync()).Select(p => p.Key));

        var (_, bob) = await CreateUserAsync();
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(bob)).StatusCode);
    }

    [Fact]
    public async Task Concurrent_uploads_cannot_overshoot_the_quota_together()
    {
        var (userId, carol) = await CreateUserAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => UploadAsync(carol)));

        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.RequestEntityTooLarge));
        await using var db = TestDatabases.CreateDbContext(Api.DatabaseConnectionString);
        Assert.Equal(s_quota, await db.UploadedImages.Where(i => i.UserId == userId).SumAsync(i => i.Size, TestContext.Current.CancellationToken));
        // Refused uploads leave no blob behind either.
        var blobs = new BlobServiceClient(Services.Azurite.ConnectionString).GetBlobContainerClient(MediaContainers.Uploads);
        var stored = 0;
        await foreach (var _ in blobs.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"user_{userId}/", TestContext.Current.CancellationToken))
        {
            stored++;
        }

        Assert.Equal(3, stored);
    }

    private async Task<(long Id, string Token)> CreateUserAsync()
    {
        var id = Guid.NewGuid().ToString("N");
        await using var db = TestDatabases.CreateDbContext(Api.DatabaseConnectionString);
        var user = new User { GoogleSub = id, Email = $"{id}@example.com" };
        db.Users.Add(user);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return (user.Id, TestTokens.User(user.Id, Guid.NewGuid()));
    }

    private async Task<HttpResponseMessage> UploadAsync(string token)
    {
        var file = new ByteArrayContent(s_image);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/upload/image")
        {
            Content = new MultipartFormDataContent { { file, "file", "photo.png" } },
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
