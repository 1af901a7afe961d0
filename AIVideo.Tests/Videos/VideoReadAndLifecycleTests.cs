using System.Net;
using AIVideo.Core.Data.Entities;
using AIVideo.Core.Media;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Azure.Storage.Blobs;
using Microsoft.EntityFrameworkCore;

namespace AIVideo.Tests.Videos;

public sealed class VideoReadAndLifecycleTests(TestServices services, EmulatorServer emulator) : VideoApiTestBase(services, emulator)
{
    [Fact]
    public async Task The_list_is_newest_first_paged_filtered_and_counted()
    {
        var user = await Client.SignInAsDevAsync("pam@example.com");
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((long)(await (await GenerateAsync(user.AccessToken, APrompt())).ReadJsonAsync())["id"]!);
        }

        await SetStatusAsync(ids[1], VideoStatus.Failed);

        var page = await (await Client.GetAsync("/api/v1/videos?page=2&page_size=2", user.AccessToken)).ReadJsonAsync();
        Assert.Equal(5, (int)page["total"]!);
        Assert.Equal((2, 2), ((int)page["page"]!, (int)page["page_size"]!));
        Assert.Equal([ids[2], ids[1]], page["videos"]!.AsArray().Select(v => (long)v!["id"]!));

        var failed = await (await Client.GetAsync("/api/v1/videos?status_filter=failed", user.AccessToken)).ReadJsonAsync();
        Assert.Equal(1, (int)failed["total"]!);
        Assert.Equal(ids[1], (long)failed["videos"]![0]!["id"]!);

        var defaults = await (await Client.GetAsync("/api/v1/videos", user.AccessToken)).ReadJsonAsync();
        Assert.Equal((1, 20), ((int)defaults["page"]!, (int)defaults["page_size"]!));
    }

    [Theory]
    [InlineData("page=0", "query.page")]
    [InlineData("page=-1", "query.page")]
    [InlineData("page_size=0", "query.page_size")]
    [InlineData("page_size=101", "query.page_size")]
    [InlineData("page=two", "query.page")]
    [InlineData("status_filter=done", "query.status_filter")]
    public async Task List_parameters_out_of_bounds_are_validation_errors(string query, string loc)
    {
        var user = await Client.SignInAsDevAsync("quinn@example.com");

        var response = await Client.GetAsync($"/api/v1/videos?{query}", user.AccessToken);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = Assert.Single((await response.ReadJsonAsync())["detail"]!.AsArray());
        Assert.Equal(loc, string.Join('.', error!["loc"]!.AsArray().Select(p => (string?)p)));
    }

    [Fact]
    public async Task A_non_integer_id_is_a_path_error()
    {
        var user = await Client.SignInAsDevAsync("rita@example.com");

        var response = await Client.GetAsync("/api/v1/videos/abc", user.AccessToken);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = Assert.Single((await response.ReadJsonAsync())["detail"]!.AsArray());
        Assert.Equal("""["path","video_id"]""", error!["loc"]!.ToJsonString());
        Assert.Equal("value is not a valid integer", (string?)error["msg"]);
    }

    [Fact]
    public async Task Another_users_video_is_not_found_on_every_endpoint()
    {
        var owner = await Client.SignInAsDevAsync("sam@example.com");
        var stranger = await Client.SignInAsDevAsync("tess@example.com");
        var id = (long)(await (await GenerateAsync(owner.AccessToken, APrompt())).ReadJsonAsync())["id"]!;
        await SetStatusAsync(id, VideoStatus.Failed);

        var responses = new[]
        {
            await Client.GetAsync($"/api/v1/videos/{id}", stranger.AccessToken),
            await Client.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{id}", stranger.AccessToken),
            await Client.SendAsync(HttpMethod.Post, $"/api/v1/videos/{id}/retry", stranger.AccessToken),
        };

        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal($"Video with id {id} not found", await response.ReadDetailAsync());
        }

        Assert.Equal(0, (int)(await (await Client.GetAsync("/api/v1/videos", stranger.AccessToken)).ReadJsonAsync())["total"]!);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/api/v1/videos/{id}", owner.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task A_completed_video_carries_fresh_signed_media_urls_a_browser_can_load()
    {
        var user = await Client.SignInAsDevAsync("uri@example.com");
        var id = (long)(await (await GenerateAsync(user.AccessToken, APrompt())).ReadJsonAsync())["id"]!;
        var blobs = new BlobServiceClient(Services.Azurite.ConnectionString);
        await blobs.GetBlobContainerClient(MediaContainers.Videos).GetBlobClient($"test/{id}/1.mp4").UploadAsync(new BinaryData(new byte[2048]), overwrite: true, TestContext.Current.CancellationToken);
        await blobs.GetBlobContainerClient(MediaContainers.Posters).GetBlobClient($"test/{id}/1.jpg").UploadAsync(new BinaryData(new byte[64]), overwrite: true, TestContext.Current.CancellationToken);
        await using (var db = TestDatabases.CreateDbContext(Api.DatabaseConnectionString))
        {
            await db.Videos.Where(v => v.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(v => v.Status, VideoStatus.Completed)
                .SetProperty(v => v.VideoBlob, $"test/{id}/1.mp4")
                .SetProperty(v => v.PosterBlob, $"test/{id}/1.jpg")
                .SetProperty(v => v.Duration, 8)
                .SetProperty(v => v.Resolution, "1280x720"), TestContext.Current.CancellationToken);
        }

        var video = await (await Client.GetAsync($"/api/v1/videos/{id}", user.AccessToken)).ReadJsonAsync();

        Assert.Equal("completed", (string?)video["status"]);
        Assert.Equal((8, "1280x720"), ((int)video["duration"]!, (string)video["resolution"]!));
        using var browser = new HttpClient();
        var videoUrl = (string)video["video_url"]!;
        Assert.Contains("sig=", videoUrl, StringComparison.Ordinal);
        using var range = new HttpRequestMessage(HttpMethod.Get, videoUrl) { Headers = { Range = new(0, 99) } };
        Assert.Equal(HttpStatusCode.PartialContent, (await browser.SendAsync(range, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync((string)video["poster_url"]!, TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Only_failed_videos_can_be_retried()
    {
        var user = await Client.SignInAsDevAsync("vic@example.com");
        var id = (long)(await (await GenerateAsync(user.AccessToken, APrompt())).ReadJsonAsync())["id"]!;

        var response = await Client.SendAsync(HttpMethod.Post, $"/api/v1/videos/{id}/retry", user.AccessToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Can only retry failed videos", await response.ReadDetailAsync());
        Assert.Equal(90m, await CreditsAsync(user.AccessToken));
    }

    [Fact]
    public async Task A_retry_is_a_new_charged_attempt_that_is_queued()
    {
        var user = await Client.SignInAsDevAsync("wes@example.com");
        var id = (long)(await (await GenerateAsync(user.AccessToken, APrompt())).ReadJsonAsync())["id"]!;
        await FailAndRefundAsync(user, id, "The provider refused the prompt");
        Assert.Equal(100m, await CreditsAsync(user.AccessToken));
        await ReceiveJobMessagesAsync();

        var response = await Client.SendAsync(HttpMethod.Post, $"/api/v1/videos/{id}/retry", user.AccessToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var video = await response.ReadJsonAsync();
        Assert.Equal("pending", (string?)video["status"]);
        Assert.Null(video["error_message"]);
        Assert.Equal(90m, await CreditsAsync(user.AccessToken));
        var messages = await ReceiveJobMessagesAsync();
        Assert.Contains(messages, m => (long)m["video_id"]! == id && (int)m["attempt"]! == 2);
    }

    [Fact]
    public async Task A_retry_the_balance_cannot_cover_is_refused_and_leaves_the_video_failed()
    {
        var user = await Client.SignInAsDevAsync("xena@example.com");
        var id = (long)(await (await GenerateAsync(user.AccessToken, APrompt())).ReadJsonAsync())["id"]!;
        await FailAndRefundAsync(user, id, "Timed out");
        await using (var db = TestDatabases.CreateDbContext(Api.DatabaseConnectionString))
        {
            // Spend the balance down to 5.0 through the ledger, as real charges would.
            var userId = await db.Videos.Where(v => v.Id == id).Select(v => v.UserId).SingleAsync(TestContext.Current.CancellationToken);
            await new AIVideo.Core.Credits.CreditLedger(db).TryChargeAsync(userId, 95m, videoId: 999_999, attempt: 1, TestContext.Current.CancellationToken);
        }

        var response = await Client.SendAsync(HttpMethod.Post, $"/api/v1/videos/{id}/retry", user.AccessToken);

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        Assert.Equal("Insufficient credits. Required: 10.0, Available: 5.0", await response.ReadDetailAsync());
        var video = await (await Client.GetAsync($"/api/v1/videos/{id}", user.AccessToken)).ReadJsonAsync();
        Assert.Equal("failed", (string?)video["status"]);
        Assert.Equal("Timed out", (string?)video["error_message"]);
    }

    [Fact]
    public async Task Deleting_an_unfinished_video_refunds_it_once_even_when_deleted_twice_at_once()
    {
        var user = await Client.SignInAsDevAsync("yara@example.com");
        var id = (long)(await (await GenerateAsync(user.AccessToken, APrompt())).ReadJsonAsync())["id"]!;
        await using (var db = TestDatabases.CreateDbContext(Api.DatabaseConnectionString))
        {
            await db.Videos.Where(v => v.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(v => v.Status, VideoStatus.Processing)
                .SetProperty(v => v.Provider, "openai-videos")
                .SetProperty(v => v.ProviderJobId, "video_123"), TestContext.Current.CancellationToken);
        }

        await ReceiveJobMessagesAsync();

        var responses = await Task.WhenAll(
            Client.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{id}", user.AccessToken),
            Client.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{id}", user.AccessToken));

        Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.NotFound], responses.Select(r => r.StatusCode).Order());
        Assert.Equal(100m, await CreditsAsync(user.AccessToken));
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/v1/videos/{id}", user.AccessToken)).StatusCode);
        var cancel = Assert.Single(await ReceiveJobMessagesAsync());
        Assert.Equal(id, (long)cancel["video_id"]!);
        Assert.Equal("video_123", (string?)cancel["cancel"]!["provider_job_id"]);
        await using var check = TestDatabases.CreateDbContext(Api.DatabaseConnectionString);
        Assert.Equal(1, await check.CreditTransactions.CountAsync(t => t.VideoId == id && t.Reason == CreditReason.GenerationRefund, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Deleting_a_completed_video_removes_its_media_and_refunds_nothing()
    {
        var user = await Client.SignInAsDevAsync("zed@example.com");
        var id = (long)(await (await GenerateAsync(user.AccessToken, APrompt())).ReadJsonAsync())["id"]!;
        var blob = new BlobServiceClient(Services.Azurite.ConnectionString).GetBlobContainerClient(MediaContainers.Videos).GetBlobClient($"test/{id}/1.mp4");
        await blob.UploadAsync(new BinaryData(new byte[16]), overwrite: true, TestContext.Current.CancellationToken);
        await using (var db = TestDatabases.CreateDbContext(Api.DatabaseConnectionString))
        {
            await db.Videos.Where(v => v.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(v => v.Status, VideoStatus.Completed)
                .SetProperty(v => v.VideoBlob, $"test/{id}/1.mp4"), TestContext.Current.CancellationToken);
        }

        var response = await Client.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{id}", user.AccessToken);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.False(await blob.ExistsAsync(TestContext.Current.CancellationToken));
        Assert.Equal(90m, await CreditsAsync(user.AccessToken));
    }

    private async Task SetStatusAsync(long id, VideoStatus status)
    {
        await using var db = TestDatabases.CreateDbContext(Api.DatabaseConnectionString);
        await db.Videos.Where(v => v.Id == id).ExecuteUpdateAsync(s => s.SetProperty(v => v.Status, status), TestContext.Current.CancellationToken);
    }

    /// <summary>What the Worker does when an attempt fails: mark it failed and refund it.</summary>
    private async Task FailAndRefundAsync(SignedIn user, long id, string reason)
    {
        await using var db = TestDatabases.CreateDbContext(Api.DatabaseConnectionString);
        var video = await db.Videos.SingleAsync(v => v.Id == id, TestContext.Current.CancellationToken);
        await db.Videos.Where(v => v.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(v => v.Status, VideoStatus.Failed)
            .SetProperty(v => v.ErrorMessage, reason), TestContext.Current.CancellationToken);
        Assert.True(await new AIVideo.Core.Credits.CreditLedger(db).RefundAsync(video.UserId, id, video.Attempt, TestContext.Current.CancellationToken));
        _ = user;
    }
}
