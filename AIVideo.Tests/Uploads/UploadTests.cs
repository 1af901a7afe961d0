using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AIVideo.Api.Uploads;
using AIVideo.Core.Media;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Azure.Storage.Blobs;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;

namespace AIVideo.Tests.Uploads;

public sealed class UploadTests(TestServices services, EmulatorServer emulator) : ApiTestBase(services, emulator)
{
    private SignedIn _user = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _user = await Client.SignInAsDevAsync("uma@example.com");
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Jpeg, "image/jpeg", "jpg")]
    [InlineData(SKEncodedImageFormat.Png, "image/png", "png")]
    [InlineData(SKEncodedImageFormat.Webp, "image/webp", "webp")]
    public async Task Each_allowed_type_is_stored_recorded_and_served(SKEncodedImageFormat format, string contentType, string extension)
    {
        var bytes = TestImages.Solid(80, 60, SKColors.SteelBlue, format);

        // The declared type is deliberately wrong: only the bytes count.
        var response = await UploadAsync(bytes, "holiday photo.bin", "application/octet-stream");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("File uploaded successfully", (string?)body["message"]);
        Assert.Equal("holiday photo.bin", (string?)body["filename"]);
        var filePath = (string)body["file_path"]!;
        Assert.Matches($"^/uploads/user_[0-9]+/[0-9a-f-]{{36}}\\.{extension}$", filePath);

        await using var db = TestDatabases.CreateDbContext(Api.DatabaseConnectionString);
        var record = await db.UploadedImages.SingleAsync(i => i.FilePath == filePath, TestContext.Current.CancellationToken);
        Assert.Equal((bytes.Length, 80, 60, contentType), (record.Size, record.Width, record.Height, record.ContentType));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), record.Sha256);

        var stored = await new BlobServiceClient(Services.Azurite.ConnectionString).GetBlobContainerClient(MediaContainers.Uploads)
            .GetBlobClient(record.BlobName).DownloadContentAsync(TestContext.Current.CancellationToken);
        Assert.Equal(bytes, stored.Value.Content.ToArray());

        var served = await Client.GetAsync(filePath, bearer: null);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(contentType, served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await served.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
        // A user's image: no shared cache may keep it, and browsers only for an hour.
        Assert.True(served.Headers.CacheControl?.Private);
        Assert.False(served.Headers.CacheControl?.Public);
        Assert.Equal(TimeSpan.FromHours(1), served.Headers.CacheControl?.MaxAge);
        Assert.Equal($"\"{record.Sha256}\"", served.Headers.ETag?.Tag);
    }

    public static TheoryData<string, byte[]> Impostors => new()
    {
        { "html", Encoding.UTF8.GetBytes("<!doctype html><html><script>alert(1)</script></html>") },
        { "svg", Encoding.UTF8.GetBytes("""<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>""") },
        { "polyglot", [.. new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, .. Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>")] },
        { "truncated", TestImages.Solid(200, 200, SKColors.SteelBlue, SKEncodedImageFormat.Jpeg)[..300] },
        { "gif", Encoding.ASCII.GetBytes("GIF89a\x01\0\x01\0\0\0\0;") },
        { "empty", [] },
    };

    [Theory]
    [MemberData(nameof(Impostors))]
    public async Task A_file_that_is_not_really_an_allowed_image_is_refused_and_nothing_is_stored(string kind, byte[] bytes)
    {
        var response = await UploadAsync(bytes, $"{kind}.png", "image/png");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Invalid file type. Allowed types: image/jpeg, image/png, image/webp", await response.ReadDetailAsync());
        await using var db = TestDatabases.CreateDbContext(Api.DatabaseConnectionString);
        Assert.False(await db.UploadedImages.AnyAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Exactly_ten_megabytes_is_accepted()
    {
        var response = await UploadAsync(TestImages.PngOfExactSize(UploadLimits.MaxFileBytes), "big.png", "image/png");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task One_byte_more_is_too_large()
    {
        var response = await UploadAsync(TestImages.PngOfExactSize(UploadLimits.MaxFileBytes + 1), "big.png", "image/png");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("File too large. Maximum size: 10.0 MB", await response.ReadDetailAsync());
    }

    [Fact]
    public async Task An_oversize_upload_is_refused_while_it_streams_never_read_whole()
    {
        // Over a real socket (the in-memory test server reads request bodies whole): 128 MB offered,
        // and the server must stop taking it shortly after 10 MB. The margin allows for loopback
        // socket buffers, which can hold several megabytes the server never read.
        await using var api = await ApiFactory.CreateAsync(Services, Emulator);
        api.UseKestrel(0);
        api.StartServer();
        // A plain client: the factory's own client buffers request bodies to replay them on redirects.
        using var client = new HttpClient { BaseAddress = api.ClientOptions.BaseAddress };
        var user = await client.SignInAsDevAsync("huge@example.com");
        using var body = new CountingStream(128 * 1024 * 1024);
        using var file = new StreamContent(body);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var form = new MultipartFormDataContent { { file, "file", "huge.png" } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/upload/image") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);

        HttpStatusCode? status = null;
        try
        {
            status = (await client.SendAsync(request, TestContext.Current.CancellationToken)).StatusCode;
        }
        catch (HttpRequestException)
        {
            // The server may close the connection on the rest of the upload once it has answered.
        }

        Assert.True(body.BytesRead < 32 * 1024 * 1024, $"The server let the client send {body.BytesRead} bytes of a 128 MB body (status {status}).");
        Assert.True(status is null or HttpStatusCode.RequestEntityTooLarge, $"Unexpected status {status}.");
    }

    [Fact]
    public async Task A_missing_file_field_is_a_validation_error()
    {
        using var form = new MultipartFormDataContent { { new StringContent("not a file"), "note" } };

        var response = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/upload/image")
        {
            Content = form,
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", _user.AccessToken) },
        }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = Assert.Single((await response.ReadJsonAsync())["detail"]!.AsArray());
        Assert.Equal("""["body","file"]""", error!["loc"]!.ToJsonString());
        Assert.Equal("field required", (string?)error["msg"]);
    }

    [Fact]
    public async Task Uploading_needs_a_signed_in_user()
    {
        using var form = Form(TestImages.Solid(64, 48, SKColors.SteelBlue, SKEncodedImageFormat.Png), "a.png", "image/png");

        var response = await Client.PostAsync(new Uri("/api/v1/upload/image", UriKind.Relative), form, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Validate_checks_without_storing()
    {
        var bytes = TestImages.Solid(64, 48, SKColors.SteelBlue, SKEncodedImageFormat.Jpeg);
        using var form = Form(bytes, "my-image.jpg", "image/jpeg");

        var response = await Client.PostAsync(new Uri("/api/v1/upload/validate", UriKind.Relative), form, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($$"""{"valid":true,"message":"File is valid","filename":"my-image.jpg","size":{{bytes.Length}}}""", (await response.ReadJsonAsync()).ToJsonString());
        await using var db = TestDatabases.CreateDbContext(Api.DatabaseConnectionString);
        Assert.False(await db.UploadedImages.AnyAsync(TestContext.Current.CancellationToken));

        using var html = Form(Encoding.UTF8.GetBytes("<html></html>"), "x.jpg", "image/jpeg");
        var refused = await Client.PostAsync(new Uri("/api/v1/upload/validate", UriKind.Relative), html, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task A_served_image_answers_not_modified_to_its_etag()
    {
        var filePath = (string)(await (await UploadAsync(TestImages.Solid(64, 48, SKColors.SteelBlue, SKEncodedImageFormat.Png), "a.png", "image/png")).ReadJsonAsync())["file_path"]!;
        var first = await Client.GetAsync(filePath, bearer: null);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, filePath);
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var second = await Client.SendAsync(conditional, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("/uploads/user_1/..%2F..%2Fappsettings.json")]
    [InlineData("/uploads/user_1/%2E%2E%2Fsecrets.png")]
    [InlineData("/uploads/..%2Fuser_1/x.png")]
    [InlineData("/uploads/user_1/not-a-uuid.png")]
    [InlineData("/uploads/user_1/3f2504e0-4f89-41d3-9a0c-0305e82c3301.gif")]
    [InlineData("/uploads/user_x/3f2504e0-4f89-41d3-9a0c-0305e82c3301.png")]
    [InlineData("/uploads/user_1/3f2504e0-4f89-41d3-9a0c-0305e82c3301.png")]
    [InlineData("/uploads/user_1/a/b/c.png")]
    public async Task Unknown_malformed_or_traversing_names_are_not_found(string path)
    {
        var response = await Client.GetAsync(path, bearer: null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Not Found", await response.ReadDetailAsync());
    }

    private async Task<HttpResponseMessage> UploadAsync(byte[] bytes, string fileName, string declaredType)
    {
        using var form = Form(bytes, fileName, declaredType);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/upload/image") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _user.AccessToken);
        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static MultipartFormDataContent Form(byte[] bytes, string fileName, string declaredType)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(declaredType);
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    /// <summary>An endless-looking body of zeros that counts how much of it was read.</summary>
    private sealed class CountingStream(long length) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - BytesRead);
            Array.Clear(buffer, offset, n);
            BytesRead += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
