using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AIVideo.Tests.Support;
using Aspire.Hosting.Testing;

namespace AIVideo.AppHost.Tests;

/// <summary>
/// The system as a developer runs it: the AppHost starts everything, a person signs in through the
/// Emulator, uploads a reference image, generates a video with each model and plays it, and the
/// generation is one trace from the Api through the queue to the Worker and the provider; credits
/// are bought on the Emulator's checkout page.
/// </summary>
public sealed class AppHostTests(RunningAppHost appHost) : IClassFixture<RunningAppHost>
{
    private static readonly TimeSpan _generationTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan _traceTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void Migrate_runs_to_completion_before_the_services_start() =>
        Assert.True(
            appHost.App.ResourceNotifications.TryGetCurrentState("migrate", out var migrate) && migrate.Snapshot.ExitCode == 0,
            $"migrate: {appHost.Describe("migrate")}");

    [Fact]
    public async Task The_seeded_showcase_plays_from_local_storage()
    {
        using var client = appHost.App.CreateHttpClient("api");
        var page = await client.GetFromJsonAsync<JsonObject>("/api/v1/showcase/videos");
        var videos = page!["videos"]!.AsArray();
        Assert.NotEmpty(videos);

        // Offline, a link to an outside host would not play: in Development the seed media live in Azurite.
        using var player = new HttpClient();
        foreach (var video in videos)
        {
            var url = new Uri((string)video!["video_url"]!);
            Assert.True(url.IsLoopback, $"{url} is not in the local blob storage.");
            using var response = await player.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("video/mp4", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task A_person_signs_in_uploads_an_image_and_generates_a_playable_video_with_each_model()
    {
        using var client = await SignedInClientAsync("apphost-models@example.com");
        var reference = await UploadReferenceImageAsync(client);

        foreach (var model in new[] { "sora-2", "sora-1", "runway-gen3" })
        {
            var video = await GenerateAndWaitAsync(client, model, reference);
            Assert.True((string?)video["status"] == "completed", $"{model}: {video.ToJsonString()}");

            // The signed blob URL plays: a range request answers 206 with the MP4.
            using var player = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, (string)video["video_url"]!);
            request.Headers.Range = new RangeHeaderValue(0, 1023);
            using var response = await player.SendAsync(request);
            Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
            Assert.Equal("video/mp4", response.Content.Headers.ContentType?.MediaType);
            var head = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal("ftyp"u8.ToArray(), head[4..8]);
        }
    }

    [Fact]
    public async Task A_person_buys_credits_on_the_emulators_checkout_page_and_sees_them_arrive()
    {
        using var client = await SignedInClientAsync("apphost-buyer@example.com");
        var before = (decimal)(await client.GetFromJsonAsync<JsonObject>("/api/v1/users/credits"))!["credits"]!;

        var checkout = await client.PostAsJsonAsync("/api/v1/payments/create-checkout-session", new
        {
            product_type = "credits",
            success_url = "http://localhost:3000/payment/success?session_id={CHECKOUT_SESSION_ID}",
            cancel_url = "http://localhost:3000/pricing",
        });
        Assert.Equal(HttpStatusCode.OK, checkout.StatusCode);
        var session = (await checkout.Content.ReadFromJsonAsync<JsonObject>())!;
        var page = new Uri((string)session["url"]!);

        // The browser: the checkout page, then Pay; the Emulator posts the signed webhook to the Api.
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        Assert.Contains("Pay 9.99 USD", await browser.GetStringAsync(page), StringComparison.Ordinal);
        using var paid = await browser.PostAsync(new Uri(page + "/pay"), new FormUrlEncodedContent(new Dictionary<string, string> { ["card_number"] = "4242424242424242" }));
        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);

        var after = (decimal)(await client.GetFromJsonAsync<JsonObject>("/api/v1/users/credits"))!["credits"]!;
        Assert.Equal(before + 100m, after);
        var status = await client.GetFromJsonAsync<JsonObject>($"/api/v1/payments/session/{(string)session["session_id"]!}");
        Assert.Equal("paid", (string?)status!["status"]);
    }

    [Fact]
    public async Task A_generation_is_one_trace_from_the_api_through_the_queue_to_the_worker_and_the_provider()
    {
        using var client = await SignedInClientAsync("apphost-trace@example.com");
        var video = await GenerateAndWaitAsync(client, "sora-2", reference: null);
        Assert.Equal("completed", (string?)video["status"]);

        var generate = await EventuallyAsync(() => appHost.Traces.Spans.FirstOrDefault(span =>
            span.Service == "api" && span.Kind == ExportedSpan.KindServer && span.Name == "POST /api/v1/videos/generate"));
        bool InTrace(ExportedSpan span) => span.TraceId == generate.TraceId;

        // The queue message carries the trace context, so the Worker continues the Api's trace, and its
        // calls to the provider continue into the Emulator.
        var send = await EventuallyAsync(() => appHost.Traces.Spans.FirstOrDefault(span =>
            InTrace(span) && span.Service == "api" && span.Name.Contains("SendMessage", StringComparison.Ordinal)));
        var worker = await EventuallyAsync(() => appHost.Traces.Spans.FirstOrDefault(span => InTrace(span) && span.Service == "worker"));
        var provider = await EventuallyAsync(() => appHost.Traces.Spans.FirstOrDefault(span =>
            InTrace(span) && span.Service == "videomodel" && span.Kind == ExportedSpan.KindServer));

        Assert.All([send, worker, provider], span => Assert.Equal(generate.TraceId, span.TraceId));
    }

    [Fact]
    public async Task Health_probes_and_idle_polls_leave_no_traces()
    {
        // The AppHost probes /health every few seconds, the Worker polls the queue and the outbox looks
        // for unsent rows just as often, all of it since the AppHost started. Probe /health too, then
        // run a job: once its spans from the api and the worker are in, both services have exported
        // what came before them (an exporter sends spans in the order they end).
        using var probe = appHost.App.CreateHttpClient("api");
        for (var i = 0; i < 3; i++)
        {
            (await probe.GetAsync("/health")).EnsureSuccessStatusCode();
        }

        using var client = await SignedInClientAsync("apphost-quiet@example.com");
        var video = await GenerateAndWaitAsync(client, "sora-2", reference: null);
        await EventuallyAsync(() => appHost.Traces.Spans.FirstOrDefault(span =>
            span.Service == "api" && span.Name == "POST /api/v1/videos/generate"
            && appHost.Traces.Spans.Any(other => other.TraceId == span.TraceId && other.Service == "worker")));
        Assert.Equal("completed", (string?)video["status"]);
        var spans = appHost.Traces.Spans;

        Assert.DoesNotContain(spans, span => span.Name.Contains("ReceiveMessages", StringComparison.Ordinal));
        Assert.DoesNotContain(spans, span => span.Name.StartsWith("GET /health", StringComparison.Ordinal));
        Assert.DoesNotContain(spans, span =>
            span.ParentSpanId.Length == 0 && span.Service is "api" or "worker"
            && span.Name is "postgresql" or "aivideodb" or "QueueServiceClient.GetQueues" or "BlobServiceClient.GetProperties");
    }

    private async Task<HttpClient> SignedInClientAsync(string email)
    {
        var client = appHost.App.CreateHttpClient("api");
        var signIn = await client.PostAsJsonAsync(
            "/api/v1/auth/google", new { code = $"dev:{email}", redirect_uri = "http://localhost:3000/auth/callback" });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var token = (string)(await signIn.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<string> UploadReferenceImageAsync(HttpClient client)
    {
        using var form = new MultipartFormDataContent();
        var image = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "reference.jpg")));
        image.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(image, "file", "reference.jpg");
        var upload = await client.PostAsync("/api/v1/upload/image", form);
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        return (string)(await upload.Content.ReadFromJsonAsync<JsonObject>())!["file_path"]!;
    }

    private static async Task<JsonObject> GenerateAndWaitAsync(HttpClient client, string model, string? reference)
    {
        var generate = await client.PostAsJsonAsync(
            "/api/v1/videos/generate",
            new { prompt = $"A paper boat drifting down a rainy street, by {model}", model, reference_image_url = reference });
        Assert.True(generate.StatusCode == HttpStatusCode.Created, $"{model}: {(int)generate.StatusCode} {await generate.Content.ReadAsStringAsync()}");
        var id = (long)(await generate.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;

        return await Eventually.GetAsync(
            async () =>
            {
                using var response = await client.GetAsync($"/api/v1/videos/{id}");

                // The product's own rate limits apply here too: a refused poll is simply asked again later.
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    return null;
                }

                response.EnsureSuccessStatusCode();
                var video = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
                return (string?)video["status"] is "pending" or "processing" ? null : video;
            },
            _generationTimeout,
            $"Video {id} ({model}) did not finish",
            interval: TimeSpan.FromSeconds(1));
    }

    /// <summary>Spans reach the collector in batches; wait for the one <paramref name="find"/> looks for.</summary>
    private static Task<ExportedSpan> EventuallyAsync(Func<ExportedSpan?> find) =>
        Eventually.GetAsync(() => Task.FromResult(find()), _traceTimeout, "The span never reached the collector", interval: TimeSpan.FromMilliseconds(250));
}
