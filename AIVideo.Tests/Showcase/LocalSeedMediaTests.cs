using System.Net;
using AIVideo.Api.Admin.Content;
using AIVideo.Api.Migrate.Seeding;
using AIVideo.Core.Media;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Azure.Storage.Blobs;
using Microsoft.EntityFrameworkCore;

namespace AIVideo.Tests.Showcase;

/// <summary>
/// In Development (run.sh, the AppHost) <c>migrate</c> seeds media the project bundles, uploaded
/// to the local <c>showcase</c> container, so the home page plays with no network.
/// </summary>
public sealed class LocalSeedMediaTests(TestServices services)
{
    private readonly BlobContainerClient _showcase = new BlobServiceClient(services.Azurite.ConnectionString).GetBlobContainerClient(MediaContainers.Showcase);

    [Fact]
    public async Task In_development_every_seeded_medium_is_served_from_local_storage_as_a_playable_file()
    {
        var database = await services.Postgres.CreateDatabaseAsync();
        await MigrateAsync(database, "Development");
        await using var api = new ApiFactory(services, database);
        using var client = api.CreateClient();

        var videos = (await client.GetAsync("/api/v1/showcase/videos?limit=50", bearer: null)).EnsureSuccessStatusCode();
        var images = (await client.GetAsync("/api/v1/showcase/trial-images?limit=20", bearer: null)).EnsureSuccessStatusCode();

        var videoItems = (await videos.ReadJsonAsync())["videos"]!.AsArray();
        var imageItems = (await images.ReadJsonAsync())["images"]!.AsArray();
        Assert.Equal(8, videoItems.Count);
        Assert.Equal(8, imageItems.Count);
        using var storage = new HttpClient();
        foreach (var video in videoItems)
        {
            var clip = await DownloadLocalAsync(storage, (string)video!["video_url"]!);
            Assert.Equal("video/mp4", clip.ContentType);
            Assert.True(ShowcaseMediaStore.IsMp4(clip.Body), $"{video["title"]}: not an MP4");
            await AssertJpegAsync(storage, (string)video["poster_url"]!);
        }

        foreach (var image in imageItems)
        {
            await AssertJpegAsync(storage, (string)image!["image_url"]!);
        }
    }

    [Fact]
    public async Task Migrating_again_in_development_uploads_nothing_and_adds_no_rows()
    {
        var database = await services.Postgres.CreateDatabaseAsync();
        await MigrateAsync(database, "Development");
        var before = await SnapshotAsync(database);

        await MigrateAsync(database, "Development");

        var after = await SnapshotAsync(database);
        Assert.Equal(before.Rows, after.Rows);
        Assert.Equal(before.Blobs, after.Blobs);
        // Eight clips, their posters and eight trial images, each its own blob.
        Assert.Equal(SeedMedia.Files.Count(), before.Blobs.Count);
    }

    [Fact]
    public async Task A_database_seeded_with_the_remote_samples_is_pointed_at_local_media_in_development_keeping_admin_changes()
    {
        var database = await TestDatabases.CreateMigratedAsync(services.Postgres);
        await using (var db = TestDatabases.CreateDbContext(database))
        {
            Assert.All(await db.ShowcaseVideos.ToListAsync(TestContext.Current.CancellationToken), v => Assert.StartsWith("https://", v.VideoUrl, StringComparison.Ordinal));
            await db.ShowcaseVideos.Where(v => v.Title == "Brand Story")
                .ExecuteUpdateAsync(s => s.SetProperty(v => v.VideoUrl, "https://cdn.example.com/brand.mp4"), TestContext.Current.CancellationToken);
        }

        await MigrateAsync(database, "Development");

        await using var migrated = TestDatabases.CreateDbContext(database);
        var videos = await migrated.ShowcaseVideos.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(8, videos.Count);
        Assert.Equal("https://cdn.example.com/brand.mp4", videos.Single(v => v.Title == "Brand Story").VideoUrl);
        Assert.All(videos.Where(v => v.Title != "Brand Story"), v => Assert.Matches(@"^media/[0-9a-f]{32}\.mp4$", v.VideoUrl));
        Assert.All(videos, v => Assert.Matches(@"^media/[0-9a-f]{32}\.jpg$", v.PosterUrl));
        var images = await migrated.TrialImages.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(8, images.Count);
        Assert.All(images, i => Assert.Matches(@"^media/[0-9a-f]{32}\.jpg$", i.ImageUrl));
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Outside_development_migrate_seeds_the_configured_remote_media(string environment)
    {
        var database = await services.Postgres.CreateDatabaseAsync();

        await MigrateAsync(database, environment);

        await using var db = TestDatabases.CreateDbContext(database);
        var references = (await db.ShowcaseVideos.Select(v => new[] { v.VideoUrl, v.PosterUrl! }).ToListAsync(TestContext.Current.CancellationToken)).SelectMany(r => r)
            .Concat(await db.TrialImages.Select(i => i.ImageUrl).ToListAsync(TestContext.Current.CancellationToken))
            .ToList();
        Assert.Equal(24, references.Count);
        Assert.Equal(SeedMedia.Files.Select(file => SeedMedia.Remote[file]).Order(StringComparer.Ordinal), references.Order(StringComparer.Ordinal));
    }

    private async Task MigrateAsync(string database, string environment)
    {
        var result = await MigrateProcess.RunAsync(services, database, environment);
        Assert.True(result.ExitCode == 0, result.Output);
    }

    /// <summary>Downloads a media URL after checking that it points into the local showcase container.</summary>
    private async Task<(string? ContentType, byte[] Body)> DownloadLocalAsync(HttpClient storage, string url)
    {
        var uri = new Uri(url);
        Assert.Equal(_showcase.Uri.GetLeftPart(UriPartial.Authority), uri.GetLeftPart(UriPartial.Authority));
        Assert.StartsWith($"{_showcase.Uri.AbsolutePath}/media/", uri.AbsolutePath, StringComparison.Ordinal);
        using var response = await storage.GetAsync(uri, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    private async Task AssertJpegAsync(HttpClient storage, string url)
    {
        var image = await DownloadLocalAsync(storage, url);
        Assert.Equal("image/jpeg", image.ContentType);
        Assert.Equal(ImageFormat.Jpeg, ImageInspector.Inspect(image.Body)?.Format);
    }

    private async Task<(List<string> Rows, Dictionary<string, string> Blobs)> SnapshotAsync(string database)
    {
        await using var db = TestDatabases.CreateDbContext(database);
        var rows = (await db.ShowcaseVideos.OrderBy(v => v.Id).Select(v => $"{v.Id} {v.VideoUrl} {v.PosterUrl}").ToListAsync(TestContext.Current.CancellationToken))
            .Concat(await db.TrialImages.OrderBy(i => i.Id).Select(i => $"{i.Id} {i.ImageUrl}").ToListAsync(TestContext.Current.CancellationToken))
            .ToList();
        var blobs = new Dictionary<string, string>();
        foreach (var name in rows.SelectMany(row => row.Split(' ').Skip(1)).Distinct())
        {
            var properties = await _showcase.GetBlobClient(name).GetPropertiesAsync(cancellationToken: TestContext.Current.CancellationToken);
            blobs[name] = properties.Value.ETag.ToString();
        }

        return (rows, blobs);
    }
}
