using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Azure.Storage.Queues;

namespace AIVideo.Tests.Videos;

/// <summary>
/// An Api with its own database and its own job queue (so a test can read exactly the messages
/// its requests sent), and helpers shared by the Videos tests.
/// </summary>
public abstract class VideoApiTestBase(TestServices services, EmulatorServer emulator) : ApiTestBase(services, emulator)
{
    private readonly string _queueName = $"video-jobs-{Guid.NewGuid():N}"[..40];

    protected QueueClient JobsQueue { get; private set; } = null!;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["VideoQueues:Jobs"] = _queueName };

    public override async ValueTask InitializeAsync()
    {
        JobsQueue = new QueueServiceClient(Services.Azurite.ConnectionString).GetQueueClient(_queueName);
        await JobsQueue.CreateAsync(cancellationToken: TestContext.Current.CancellationToken);
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await JobsQueue.DeleteIfExistsAsync();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected Task<HttpResponseMessage> GenerateAsync(string accessToken, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/videos/generate") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", accessToken);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return Client.SendAsync(request);
    }

    protected static object APrompt(string model = "sora-2") => new { prompt = "A cinematic product showcase with smooth camera movements", model };

    protected async Task<decimal> CreditsAsync(string accessToken) =>
        (decimal)(await (await Client.GetAsync("/api/v1/users/credits", accessToken)).ReadJsonAsync())["credits"]!;

    /// <summary>
    /// The job messages sent so far, once there are at least <paramref name="atLeast"/>: the outbox
    /// dispatcher sends them just after the request that committed them has answered.
    /// </summary>
    protected async Task<List<JsonObject>> ReceiveJobMessagesAsync(int atLeast = 1)
    {
        var received = new List<JsonObject>();
        await Eventually.UntilAsync(
            async () =>
            {
                var messages = await JobsQueue.ReceiveMessagesAsync(32, cancellationToken: TestContext.Current.CancellationToken);
                received.AddRange(messages.Value.Select(m => JsonNode.Parse(m.Body.ToString())!.AsObject()));
                return received.Count >= atLeast;
            },
            TimeSpan.FromSeconds(10),
            $"Fewer than {atLeast} job message(s) were sent.");
        return received;
    }
}
