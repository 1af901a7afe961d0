using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using AIVideo.Core.Media;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Azure.Storage.Blobs;
using SkiaSharp;

namespace AIVideo.Tests.Admin;

/// <summary>Admin management of showcase videos and trial images, seen through the cached public endpoints.</summary>
public sealed class ShowcaseContentTests(TestServices services, EmulatorServer emulator) : ApiTestBase(services, emulator)
{
    private const string Videos = "/api/v1/admin/showcase/videos";
    private const string Images = "/api/v1/admin/showcase/trial-images";
    private const string Media = "/api/v1/admin/showcase/media";
    private static readonly string s_admin = TestTokens.Entra(["AIVideo.Admin"]);

    [Fact]
    public async Task A_created_video_with_an_uploaded_poster_shows_on_the_next_public_read()
    {
        // Cached first, so the new item can only show if the write evicted the page.
        Assert.Equal(8, (int)(await PublicAsync("/api/v1/showcase/videos?limit=50"))["total"]!);
        var poster = await UploadMediaAsync(TestImages.Solid(64, 36, SKColors.Teal), "poster.png", "image/png");
        Assert.Equal(HttpStatusCode.Created, poster.StatusCode);
        var posterName = (string)(await poster.ReadJsonAsync())["media_url"]!;

        var created = await Client.SendAsync(HttpMethod.Post, Videos, s_admin, new
        {
            title = "Studio Launch",
            description = "A clip an admin added",
            category = "Tech",
            video_url = "https://cdn.example.com/launch.mp4",
            poster_url = posterName,
            is_featured = true,
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.ReadJsonAsync();
        Assert.Equal($"{Videos}/{(long)body["id"]!}", created.Headers.Location?.OriginalString);
        Assert.Equal(9, (int)body["order"]!);
        Assert.True((bool)body["is_active"]!);
        var list = await PublicAsync("/api/v1/showcase/videos?limit=50");
        Assert.Equal(9, (int)list["total"]!);
        var shown = list["videos"]!.AsArray().Last()!;
        Assert.Equal("Studio Launch", (string?)shown["title"]);
        // The blob poster comes back as a signed URL that really serves the uploaded bytes.
        var posterUrl = (string)shown["poster_url"]!;
        Assert.Contains("sig=", posterUrl, StringComparison.Ordinal);
        using var storage = new HttpClient();
        Assert.Equal("image/png", (await storage.GetAsync(new Uri(posterUrl), TestContext.Current.CancellationToken)).Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Updates_feature_hide_and_reorder_show_on_the_next_public_read()
    {
        var featured = await PublicAsync("/api/v1/showcase/featured");
        var first = (long)featured["videos"]![0]!["id"]!;

        await AssertOkAsync(HttpMethod.Patch, $"{Videos}/{first}", new { title = "Renamed", is_featured = false });
        featured = await PublicAsync("/api/v1/showcase/featured");
        Assert.Equal(2, (int)featured["total"]!);
        Assert.DoesNotContain(first, featured["videos"]!.AsArray().Select(v => (long)v!["id"]!));
        Assert.Equal("Renamed", (string?)(await PublicAsync("/api/v1/showcase/videos?limit=1"))["videos"]![0]!["title"]);

        await AssertOkAsync(HttpMethod.Patch, $"{Videos}/{first}", new { is_active = false });
        Assert.Equal(7, (int)(await PublicAsync("/api/v1/showcase/videos"))["total"]!);
        var adminList = await (await Client.GetAsync($"{Videos}?limit=100", s_admin)).ReadJsonAsync();
        Assert.Equal(8, (int)adminList["total"]!);

        await AssertOkAsync(HttpMethod.Patch, $"{Videos}/{first}", new { is_active = true });
        var ids = (await PublicAsync("/api/v1/showcase/videos?limit=50"))["videos"]!.AsArray().Select(v => (long)v!["id"]!).ToArray();
        long[] reversed = [.. ids.Reverse()];
        var reorder = await AssertOkAsync(HttpMethod.Put, $"{Videos}/order", new { ids = reversed });
        Assert.Equal(reversed, reorder["videos"]!.AsArray().Select(v => (long)v!["id"]!));

        Assert.Equal(reversed, (await PublicAsync("/api/v1/showcase/videos?limit=50"))["videos"]!.AsArray().Select(v => (long)v!["id"]!));
    }

    [Fact]
    public async Task A_deleted_video_is_gone_from_the_public_list()
    {
        var id = (long)(await PublicAsync("/api/v1/showcase/videos"))["videos"]![0]!["id"]!;

        Assert.Equal(HttpStatusCode.NoContent, (await Client.SendAsync(HttpMethod.Delete, $"{Videos}/{id}", s_admin)).StatusCode);

        Assert.DoesNotContain(id, (await PublicAsync("/api/v1/showcase/videos?limit=50"))["videos"]!.AsArray().Select(v => (long)v!["id"]!));
        var again = await Client.SendAsync(HttpMethod.Delete, $"{Videos}/{id}", s_admin);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal($"Showcase video with id {id} not found", await again.ReadDetailAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"{Videos}/{id}", s_admin)).StatusCode);
    }

    [Fact]
    public async Task Trial_images_are_created_updated_reordered_hidden_and_deleted()
    {
        Assert.Equal(8, (int)(await PublicAsync("/api/v1/showcase/trial-images"))["total"]!);
        var upload = await UploadMediaAsync(TestImages.Solid(40, 40, SKColors.Orange, SKEncodedImageFormat.Jpeg), "cup.jpg", "image/jpeg");
        var imageName = (string)(await upload.ReadJsonAsync())["media_url"]!;

        var created = await Client.SendAsync(HttpMethod.Post, Images, s_admin, new { title = "Teacup", image_url = imageName, category = "F&B", order = 0 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (long)(await created.ReadJsonAsync())["id"]!;
        var images = (await PublicAsync("/api/v1/showcase/trial-images?limit=20"))["images"]!.AsArray();
        Assert.Equal(id, (long)images[0]!["id"]!);
        Assert.Contains($"/showcase/{imageName}?", (string)images[0]!["image_url"]!, StringComparison.Ordinal);

        await AssertOkAsync(HttpMethod.Patch, $"{Images}/{id}", new { title = "Teacup at dawn", category = "Product" });
        var shown = (await PublicAsync("/api/v1/showcase/trial-images?limit=1"))["images"]![0]!;
        Assert.Equal(("Teacup at dawn", "Product"), ((string?)shown["title"], (string?)shown["category"]));

        var ids = images.Select(i => (long)i!["id"]!).ToArray();
        long[] rotated = [.. ids[1..], ids[0]];
        await AssertOkAsync(HttpMethod.Put, $"{Images}/order", new { ids = rotated });
        Assert.Equal(rotated, (await PublicAsync("/api/v1/showcase/trial-images?limit=20"))["images"]!.AsArray().Select(i => (long)i!["id"]!));

        await AssertOkAsync(HttpMethod.Patch, $"{Images}/{id}", new { is_active = false });
        Assert.Equal(8, (int)(await PublicAsync("/api/v1/showcase/trial-images"))["total"]!);

        Assert.Equal(HttpStatusCode.NoContent, (await Client.SendAsync(HttpMethod.Delete, $"{Images}/{id}", s_admin)).StatusCode);
        Assert.Equal(8, (int)(await (await Client.GetAsync(Images, s_admin)).ReadJsonAsync())["total"]!);
    }

    [Fact]
    public async Task A_write_on_one_replica_evicts_the_cached_page_on_another()
    {
        var shared = new Dictionary<string, string?> { ["OutputCache:InstanceName"] = $"aivideo:test:{Guid.NewGuid():N}:shared:" };
        await using var replicaA = new ApiFactory(Services, Api.DatabaseConnectionString, Emulator, shared);
        await using var replicaB = new ApiFactory(Services, Api.DatabaseConnectionString, Emulator, shared);
        using var clientA = replicaA.CreateClient();
        using var clientB = replicaB.CreateClient();
        var before = await (await clientB.GetAsync("/api/v1/showcase/hero-videos", bearer: null)).ReadJsonAsync();
        var id = (long)before["videos"]![0]!["id"]!;

        var update = await clientA.SendAsync(HttpMethod.Patch, $"{Videos}/{id}", s_admin, new { title = "Seen everywhere" });

        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        var after = await (await clientB.GetAsync("/api/v1/showcase/hero-videos", bearer: null)).ReadJsonAsync();
        Assert.Equal("Seen everywhere", (string?)after["videos"]![0]!["title"]);
    }

    [Theory]
    [InlineData("GET", Videos)]
    [InlineData("POST", Videos)]
    [InlineData("PUT", Videos + "/order")]
    [InlineData("GET", Videos + "/1")]
    [InlineData("PATCH", Videos + "/1")]
    [InlineData("DELETE", Videos + "/1")]
    [InlineData("GET", Images)]
    [InlineData("POST", Images)]
    [InlineData("PUT", Images + "/order")]
    [InlineData("PATCH", Images + "/1")]
    [InlineData("DELETE", Images + "/1")]
    [InlineData("POST", Media)]
    public async Task User_tokens_and_anonymous_callers_are_refused(string method, string path)
    {
        var user = await Client.SignInAsDevAsync("mallory@example.com");

        var withUserToken = await SendAsync(user.AccessToken);
        var anonymous = await SendAsync(bearer: null);

        Assert.Equal(HttpStatusCode.Forbidden, withUserToken.StatusCode);
        Assert.Equal("Not authorized", await withUserToken.ReadDetailAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(8, (int)(await PublicAsync("/api/v1/showcase/videos"))["total"]!);

        // A body of the type each endpoint accepts, so only the caller decides the answer.
        async Task<HttpResponseMessage> SendAsync(string? bearer)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path)
            {
                Content = path == Media
                    ? new MultipartFormDataContent { { new ByteArrayContent(TestImages.Solid(8, 8, SKColors.Red)), "file", "x.png" } }
                    : new StringContent("""{"title":"x","ids":[1]}""", System.Text.Encoding.UTF8, "application/json"),
            };
            if (bearer is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            }

            return await Client.SendAsync(request, TestContext.Current.CancellationToken);
        }
    }

    [Theory]
    [InlineData("""{"category":"Tech","video_url":"https://cdn.example.com/a.mp4"}""", "body.title", "value_error.missing")]
    [InlineData("""{"title":"A","video_url":"https://cdn.example.com/a.mp4"}""", "body.category", "value_error.missing")]
    [InlineData("""{"title":"A","category":"Tech"}""", "body.video_url", "value_error.missing")]
    [InlineData("""{"title":"","category":"Tech","video_url":"https://cdn.example.com/a.mp4"}""", "body.title", "value_error.any_str.min_length")]
    [InlineData("""{"title":"A","category":"Gardening","video_url":"https://cdn.example.com/a.mp4"}""", "body.category", "type_error.enum")]
    [InlineData("""{"title":"A","category":"Tech","video_url":"http://cdn.example.com/a.mp4"}""", "body.video_url", "value_error.media_reference")]
    [InlineData("""{"title":"A","category":"Tech","video_url":"../uploads/user_1/x.png"}""", "body.video_url", "value_error.media_reference")]
    [InlineData("""{"title":"A","category":"Tech","video_url":"media/0123456789abcdef0123456789abcdef.png"}""", "body.video_url", "value_error.media_reference")]
    [InlineData("""{"title":"A","category":"Tech","video_url":"media/0123456789abcdef0123456789abcdef.mp4"}""", "body.video_url", "value_error.media_reference.not_found")]
    [InlineData("""{"title":"A","category":"Tech","video_url":"https://cdn.example.com/a.mp4","poster_url":"media/0123456789abcdef0123456789abcdef.mp4"}""", "body.poster_url", "value_error.media_reference")]
    [InlineData("""{"title":"A","category":"Tech","video_url":"https://cdn.example.com/a.mp4","order":-1}""", "body.order", "value_error.number.not_ge")]
    [InlineData("""{"title":"A","category":"Tech","video_url":"https://cdn.example.com/a.mp4","is_featured":"yes"}""", "body.is_featured", "type_error.bool")]
    public async Task Invalid_videos_are_refused_in_the_contract_format_and_nothing_is_written(string json, string loc, string type)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Videos) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", s_admin);

        var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = (await response.ReadJsonAsync())["detail"]!.AsArray().First(e => string.Join('.', e!["loc"]!.AsArray().Select(p => (string?)p)) == loc)!;
        Assert.Equal(type, (string?)error["type"]);
        Assert.Equal(8, (int)(await (await Client.GetAsync(Videos, s_admin)).ReadJsonAsync())["total"]!);
    }

    [Theory]
    [InlineData("""{}""", "value_error.missing")]
    [InlineData("""{"ids":[]}""", "value_error.list.size")]
    [InlineData("""{"ids":[1,1]}""", "value_error.list.unique_items")]
    [InlineData("""{"ids":[0]}""", "value_error.number.not_gt")]
    public async Task Invalid_reorders_are_refused(string json, string type)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"{Images}/order") { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", s_admin);

        var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(type, (string?)(await response.ReadJsonAsync())["detail"]![0]!["type"]);
    }

    [Fact]
    public async Task Reordering_with_an_unknown_id_changes_nothing()
    {
        var before = await (await Client.GetAsync(Images, s_admin)).ReadJsonAsync();
        var ids = before["images"]!.AsArray().Select(i => (long)i!["id"]!).Reverse().ToList();

        var response = await Client.SendAsync(HttpMethod.Put, $"{Images}/order", s_admin, new { ids = ids.Append(999_999) });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Trial image with id 999999 not found", await response.ReadDetailAsync());
        Assert.Equal(before.ToJsonString(), (await (await Client.GetAsync(Images, s_admin)).ReadJsonAsync()).ToJsonString());
    }

    [Fact]
    public async Task Media_uploads_store_images_and_mp4_clips_in_the_showcase_container()
    {
        var png = TestImages.Solid(32, 32, SKColors.Purple);
        var image = await UploadMediaAsync(png, "../../evil.png", "application/octet-stream");
        byte[] mp4 = [0, 0, 0, 0x18, .. "ftypisom"u8, 0, 0, 2, 0, .. "isommp41"u8, .. new byte[4096]];
        var clip = await UploadMediaAsync(mp4, "clip.mp4", "video/mp4");

        Assert.Equal(HttpStatusCode.Created, image.StatusCode);
        var imageBody = await image.ReadJsonAsync();
        Assert.Matches("^media/[0-9a-f]{32}\\.png$", (string?)imageBody["media_url"]);
        Assert.Equal(("image/png", png.Length), ((string?)imageBody["content_type"], (int)imageBody["size"]!));
        Assert.Equal(HttpStatusCode.Created, clip.StatusCode);
        var clipName = (string)(await clip.ReadJsonAsync())["media_url"]!;
        Assert.EndsWith(".mp4", clipName, StringComparison.Ordinal);

        var container = new BlobServiceClient(Services.Azurite.ConnectionString).GetBlobContainerClient(MediaContainers.Showcase);
        var stored = await container.GetBlobClient((string)imageBody["media_url"]!).DownloadContentAsync(TestContext.Current.CancellationToken);
        Assert.Equal(png, stored.Value.Content.ToArray());
        Assert.Equal("image/png", stored.Value.Details.ContentType);
        using var storage = new HttpClient();
        Assert.Equal(png, await storage.GetByteArrayAsync(new Uri((string)imageBody["url"]!), TestContext.Current.CancellationToken));

        // An uploaded clip is accepted as a video reference, and not as an image one.
        var created = await Client.SendAsync(HttpMethod.Post, Videos, s_admin, new { title = "Clip", category = "Tech", video_url = clipName });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var wrongKind = await Client.SendAsync(HttpMethod.Post, Images, s_admin, new { title = "Clip", category = "Tech", image_url = clipName });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrongKind.StatusCode);
    }

    [Fact]
    public async Task Media_uploads_get_the_user_upload_checks()
    {
        var text = await UploadMediaAsync(TestImages.Text("#!/bin/sh\necho hi\n"), "x.png", "image/png");
        var bigImage = await UploadMediaAsync(TestImages.PngOfExactSize(10 * 1024 * 1024 + 1), "big.png", "image/png");
        using var empty = new MultipartFormDataContent { { new StringContent("no file"), "note" } };
        using var request = new HttpRequestMessage(HttpMethod.Post, Media) { Content = empty };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", s_admin);
        var missing = await Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, text.StatusCode);
        Assert.Equal("Invalid file type. Allowed types: image/jpeg, image/png, image/webp, video/mp4", await text.ReadDetailAsync());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, bigImage.StatusCode);
        Assert.Equal("File too large. Maximum size: 10.0 MB", await bigImage.ReadDetailAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
        Assert.Equal("""["body","file"]""", (await missing.ReadJsonAsync())["detail"]![0]!["loc"]!.ToJsonString());
    }

    private async Task<JsonObject> PublicAsync(string path)
    {
        var response = await Client.GetAsync(path, bearer: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private async Task<JsonObject> AssertOkAsync(HttpMethod method, string path, object body)
    {
        var response = await Client.SendAsync(method, path, s_admin, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private async Task<HttpResponseMessage> UploadMediaAsync(byte[] bytes, string fileName, string declaredType)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(declaredType);
        using var form = new MultipartFormDataContent { { file, "file", fileName } };
        using var request = new HttpRequestMessage(HttpMethod.Post, Media) { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", s_admin);
        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
