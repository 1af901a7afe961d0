using System.Net;
using AIVideo.Core.Data.Entities;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AIVideo.Tests.Videos;

public sealed class GenerateTests(TestServices services, EmulatorServer emulator) : VideoApiTestBase(services, emulator)
{
    [Fact]
    public async Task Generate_charges_creates_a_pending_video_and_queues_its_job()
    {
        var user = await Client.SignInAsDevAsync("vera@example.com");

        var response = await GenerateAsync(user.AccessToken, APrompt());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var video = await response.ReadJsonAsync();
        Assert.Equal(
            ["id", "user_id", "prompt", "model", "reference_image_url", "video_url", "poster_url", "status", "progress", "duration", "resolution", "error_message", "created_at", "updated_at"],
            video.Select(p => p.Key));
        Assert.Equal("pending", (string?)video["status"]);
        Assert.Equal("sora-2", (string?)video["model"]);
        Assert.Null(video["video_url"]);
        Assert.Equal($"/api/v1/videos/{(long)video["id"]!}", response.Headers.Location?.ToString());
        Assert.Equal(90m, await CreditsAsync(user.AccessToken));

        var message = Assert.Single(await ReceiveJobMessagesAsync());
        Assert.Equal((long)video["id"]!, (long)message["video_id"]!);
        Assert.Equal(1, (int)message["attempt"]!);
        Assert.True(message.ContainsKey("traceparent"));

        await using var db = TestDatabases.CreateDbContext(Api.DatabaseConnectionString);
        // Sent first, marked right after: a crash in between sends again rather than loses.
        await Eventually.UntilAsync(
            async () => (await db.OutboxMessages.AsNoTracking().SingleAsync(TestContext.Current.CancellationToken)).DispatchedAt is not null,
            TimeSpan.FromSeconds(10),
            "The sent outbox row was never marked dispatched.");
        var charge = await db.CreditTransactions.SingleAsync(t => t.Reason == CreditReason.GenerationCharge, TestContext.Current.CancellationToken);
        Assert.Equal((-10m, (long?)video["id"], 1), (charge.Amount, charge.VideoId, charge.Attempt));
    }

    [Fact]
    public async Task Parallel_generates_never_overdraw_whatever_the_concurrency()
    {
        for (var round = 1; round <= 3; round++)
        {
            var user = await Client.SignInAsDevAsync($"rush{round}@example.com");

            var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => GenerateAsync(user.AccessToken, APrompt())));

            Assert.Equal(10, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
            var refused = responses.Where(r => r.StatusCode != HttpStatusCode.Created).ToList();
            Assert.Equal(90, refused.Count);
            Assert.All(refused, r => Assert.Equal(HttpStatusCode.PaymentRequired, r.StatusCode));
            Assert.Equal("Insufficient credits. Required: 10.0, Available: 0.0", await refused[0].ReadDetailAsync());
            Assert.Equal(0m, await CreditsAsync(user.AccessToken));
        }

        await using var db = TestDatabases.CreateDbContext(Api.DatabaseConnectionString);
        var mismatched = await db.Users.CountAsync(u => u.Credits != db.CreditTransactions.Where(t => t.UserId == u.Id).Sum(t => t.Amount), TestContext.Current.CancellationToken);
        Assert.Equal(0, mismatched);
        Assert.Equal(30, await db.Videos.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_same_idempotency_key_replays_the_first_answer_and_charges_once()
    {
        var user = await Client.SignInAsDevAsync("ivan@example.com");

        var first = await GenerateAsync(user.AccessToken, APrompt(), idempotencyKey: "order-42");
        var second = await GenerateAsync(user.AccessToken, APrompt(), idempotencyKey: "order-42");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal((long)(await first.ReadJsonAsync())["id"]!, (long)(await second.ReadJsonAsync())["id"]!);
        Assert.Equal(90m, await CreditsAsync(user.AccessToken));
    }

    [Fact]
    public async Task Concurrent_requests_with_one_idempotency_key_create_one_video()
    {
        var user = await Client.SignInAsDevAsync("jill@example.com");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => GenerateAsync(user.AccessToken, APrompt(), idempotencyKey: "tap-tap-tap")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var ids = await Task.WhenAll(responses.Select(async r => (long)(await r.ReadJsonAsync())["id"]!));
        Assert.Single(ids.Distinct());
        Assert.Equal(90m, await CreditsAsync(user.AccessToken));
    }

    [Fact]
    public async Task An_idempotency_key_reused_with_another_body_is_a_conflict()
    {
        var user = await Client.SignInAsDevAsync("kim@example.com");
        await GenerateAsync(user.AccessToken, APrompt(), idempotencyKey: "order-7");

        var response = await GenerateAsync(user.AccessToken, APrompt("sora-1"), idempotencyKey: "order-7");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("Idempotency-Key reused with a different request", await response.ReadDetailAsync());
        Assert.Equal(90m, await CreditsAsync(user.AccessToken));
    }

    [Fact]
    public async Task Idempotency_keys_belong_to_their_user()
    {
        var one = await Client.SignInAsDevAsync("lena@example.com");
        var two = await Client.SignInAsDevAsync("mark@example.com");

        var first = await GenerateAsync(one.AccessToken, APrompt(), idempotencyKey: "same-key");
        var second = await GenerateAsync(two.AccessToken, APrompt("sora-1"), idempotencyKey: "same-key");

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.NotEqual((long)(await first.ReadJsonAsync())["id"]!, (long)(await second.ReadJsonAsync())["id"]!);
    }

    public static TheoryData<string, string, string> InvalidRequests => new()
    {
        { """{"model": "sora-2"}""", "body.prompt", "field required" },
        { """{"prompt": "too short"}""", "body.prompt", "ensure this value has at least 10 characters" },
        { $$"""{"prompt": "{{new string('p', 501)}}"}""", "body.prompt", "ensure this value has at most 500 characters" },
        { """{"prompt": "A cinematic product showcase", "model": "veo-3"}""", "body.model", "value is not a valid enumeration member; permitted: 'sora-2', 'sora-1', 'runway-gen3'" },
        { """{"prompt": "A cinematic product showcase", "model": "runway-gen3"}""", "body.reference_image_url", "runway-gen3 requires reference_image_url" },
        { """{"prompt": "A cinematic product showcase", "reference_image_url": "http://example.com/a.jpg"}""", "body.reference_image_url", "reference_image_url must be the file_path of one of your uploads or an absolute https URL" },
        { """{"prompt": "A cinematic product showcase", "reference_image_url": "ftp://example.com/a.jpg"}""", "body.reference_image_url", "reference_image_url must be the file_path of one of your uploads or an absolute https URL" },
        { """{"prompt": "A cinematic product showcase", "reference_image_url": "/uploads/../etc/passwd"}""", "body.reference_image_url", "reference_image_url must be the file_path of one of your uploads or an absolute https URL" },
        { """{"prompt": "A cinematic product showcase", "reference_image_url": "/uploads/user_1/3f2504e0-4f89-41d3-9a0c-0305e82c3301.png"}""", "body.reference_image_url", "reference_image_url is not one of your uploads" },
        { """{"prompt": 12345678901}""", "body.prompt", "str type expected" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task Invalid_requests_are_refused_and_charge_nothing(string json, string loc, string msg)
    {
        var user = await Client.SignInAsDevAsync($"{Guid.NewGuid():N}@example.com");

        var response = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/videos/generate")
        {
            Headers = { Authorization = new("Bearer", user.AccessToken) },
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = Assert.Single((await response.ReadJsonAsync())["detail"]!.AsArray());
        Assert.Equal(loc, string.Join('.', error!["loc"]!.AsArray().Select(p => (string?)p)));
        Assert.Equal(msg, (string?)error["msg"]);
        Assert.Equal(100m, await CreditsAsync(user.AccessToken));
    }

    [Fact]
    public async Task An_overlong_idempotency_key_is_a_header_error()
    {
        var user = await Client.SignInAsDevAsync("neil@example.com");

        var response = await GenerateAsync(user.AccessToken, APrompt(), idempotencyKey: new string('k', 256));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("""["header","Idempotency-Key"]""", (await response.ReadJsonAsync())["detail"]![0]!["loc"]!.ToJsonString());
    }

    [Fact]
    public async Task An_external_https_reference_is_accepted_and_kept()
    {
        var user = await Client.SignInAsDevAsync("olive@example.com");

        var response = await GenerateAsync(user.AccessToken, new { prompt = "A cinematic product showcase", model = "runway-gen3", reference_image_url = "https://images.example.com/shoe.jpg" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("https://images.example.com/shoe.jpg", (string?)(await response.ReadJsonAsync())["reference_image_url"]);
    }
}
