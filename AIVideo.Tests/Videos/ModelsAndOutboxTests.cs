using System.Net;
using System.Text.Json.Nodes;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Azure.Storage.Queues;
using Microsoft.EntityFrameworkCore;

namespace AIVideo.Tests.Videos;

public sealed class ModelsAndOutboxTests(TestServices services, EmulatorServer emulator)
{
    [Fact]
    public async Task The_models_list_is_public_and_shows_the_spec_models_by_default()
    {
        await using var api = await ApiFactory.CreateAsync(services, emulator);
        using var client = api.CreateClient();

        var response = await client.GetAsync(new Uri("/api/v1/videos/models/list", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var models = (await response.ReadJsonAsync())["models"]!.AsArray();
        Assert.Equal(["sora-2", "sora-1", "runway-gen3"], models.Select(m => (string?)m!["id"]));
        var sora2 = models[0]!.AsObject();
        Assert.Equal(("Sora 2", "Latest", "Most advanced AI video generation model"), ((string)sora2["name"]!, (string)sora2["version"]!, (string)sora2["description"]!));
        Assert.Equal("10.0", sora2["credits_cost"]!.ToJsonString());
        Assert.All(models, m => Assert.True((bool)m!["available"]!));
        Assert.True((bool)models[2]!["requires_reference_image"]!);
    }

    [Fact]
    public async Task The_models_list_comes_from_configuration()
    {
        // No Emulator playing the providers: only a model with its own endpoint is available.
        await using var api = await ApiFactory.CreateAsync(services, emulator, new Dictionary<string, string?>
        {
            ["services:videomodel:http:0"] = string.Empty,
            ["VideoModels:sora-1:CreditsCost"] = "25.5",
            ["VideoModels:veo-3:Name"] = "Veo 3",
            ["VideoModels:veo-3:Version"] = "Preview",
            ["VideoModels:veo-3:Description"] = "An OpenAI-compatible gateway model",
            ["VideoModels:veo-3:Provider"] = "openai-videos",
            ["VideoModels:veo-3:ProviderModel"] = "veo-3.0",
            ["VideoModels:veo-3:Endpoint"] = "https://gateway.example.com/v1/",
            ["VideoModels:veo-3:CreditsCost"] = "40",
        });
        using var client = api.CreateClient();

        var models = (await (await client.GetAsync(new Uri("/api/v1/videos/models/list", UriKind.Relative), TestContext.Current.CancellationToken)).ReadJsonAsync())["models"]!.AsArray();

        Assert.Equal(["sora-2", "sora-1", "runway-gen3", "veo-3"], models.Select(m => (string?)m!["id"]));
        Assert.Equal("25.5", models[1]!["credits_cost"]!.ToJsonString());
        Assert.Equal([false, false, false, true], models.Select(m => (bool)m!["available"]!));
        Assert.Equal("40.0", models[3]!["credits_cost"]!.ToJsonString());

        // The new model is a valid choice for generate, at its configured price.
        var user = await client.SignInAsDevAsync("new-model@example.com");
        var generated = await client.SendAsync(HttpMethod.Post, "/api/v1/videos/generate", user.AccessToken, new { prompt = "A cinematic product showcase", model = "veo-3" });
        Assert.Equal(HttpStatusCode.Created, generated.StatusCode);
        Assert.Equal("60.0", (await (await client.GetAsync("/api/v1/users/credits", user.AccessToken)).ReadJsonAsync())["credits"]!.ToJsonString());
    }

    [Fact]
    public async Task A_committed_job_is_sent_at_once_by_the_dispatcher_the_request_woke()
    {
        // The dispatcher looks on its own only once an hour here: a message that arrives within
        // seconds was sent because the request's commit woke it, not by its poll.
        var queueName = $"video-jobs-{Guid.NewGuid():N}"[..40];
        var queue = new QueueServiceClient(services.Azurite.ConnectionString).GetQueueClient(queueName);
        await queue.CreateAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var api = await ApiFactory.CreateAsync(services, emulator, new Dictionary<string, string?>
        {
            ["VideoQueues:Jobs"] = queueName,
            ["Outbox:PollInterval"] = "01:00:00",
        });
        using var client = api.CreateClient();
        var user = await client.SignInAsDevAsync("woken@example.com");

        var id = await GenerateAsync(client, user);

        var delivered = await ReceiveJobAsync(queue, "The woken dispatcher never sent the message.");
        Assert.Equal(id, (long)delivered["video_id"]!);
        await queue.DeleteAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_job_whose_send_never_happened_is_delivered_by_the_outbox_dispatcher()
    {
        // The queue does not exist yet, so the dispatcher's first send fails, and the row waits for its claim to run out.
        var queueName = $"video-jobs-{Guid.NewGuid():N}"[..40];
        await using var api = await ApiFactory.CreateAsync(services, emulator, new Dictionary<string, string?>
        {
            ["VideoQueues:Jobs"] = queueName,
            ["Outbox:PollInterval"] = "00:00:00.200",
            ["Outbox:ClaimLease"] = "00:00:01",
        });
        using var client = api.CreateClient();
        var user = await client.SignInAsDevAsync("outbox@example.com");
        var id = await GenerateAsync(client, user);
        await using var db = TestDatabases.CreateDbContext(api.DatabaseConnectionString);
        Assert.Null((await db.OutboxMessages.SingleAsync(TestContext.Current.CancellationToken)).DispatchedAt);

        var queue = new QueueServiceClient(services.Azurite.ConnectionString).GetQueueClient(queueName);
        await queue.CreateAsync(cancellationToken: TestContext.Current.CancellationToken);
        var delivered = await ReceiveJobAsync(queue, "The dispatcher never sent the message.");
        Assert.Equal(id, (long)delivered["video_id"]!);
        Assert.Equal(1, (int)delivered["attempt"]!);

        // The row is marked right after the send (send first, so a crash in between re-sends
        // rather than loses): give the mark a moment to land.
        await Eventually.UntilAsync(
            async () => (await db.OutboxMessages.AsNoTracking().SingleAsync(TestContext.Current.CancellationToken)).DispatchedAt is not null,
            TimeSpan.FromSeconds(5),
            "The sent row was never marked dispatched.");
        await queue.DeleteAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Generates a video as <paramref name="user"/> and returns its id.</summary>
    private static async Task<long> GenerateAsync(HttpClient client, SignedIn user)
    {
        var response = await client.SendAsync(HttpMethod.Post, "/api/v1/videos/generate", user.AccessToken, new { prompt = "A cinematic product showcase" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (long)(await response.ReadJsonAsync())["id"]!;
    }

    /// <summary>The first job message to arrive on <paramref name="queue"/>, within 10 s.</summary>
    private static Task<JsonObject> ReceiveJobAsync(QueueClient queue, string failure) => Eventually.GetAsync(
        async () => (await queue.ReceiveMessagesAsync(1, cancellationToken: TestContext.Current.CancellationToken)).Value
            .Select(m => JsonNode.Parse(m.Body.ToString())!.AsObject()).FirstOrDefault(),
        TimeSpan.FromSeconds(10),
        failure);
}
