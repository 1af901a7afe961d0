using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Aspire.Hosting.Testing;

namespace AIVideo.AppHost.Tests;

/// <summary>
/// The AppHost end to end: containers for Postgres, Redis and Azurite, the migrations run, the Api,
/// the Worker and the Emulator, then one person signs in and generates a video.
/// </summary>
public sealed class SmokeTests
{
    private static readonly TimeSpan s_startupTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan s_generationTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_person_signs_in_and_generates_a_video_through_the_emulator()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AIVideo_AppHost>(
            [$"Parameters:jwt-signing-key={signingKey}"], cancellationToken);
        await using var app = await appHost.BuildAsync(cancellationToken);
        await app.StartAsync(cancellationToken);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("api", cancellationToken).WaitAsync(s_startupTimeout, cancellationToken);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("worker", cancellationToken).WaitAsync(s_startupTimeout, cancellationToken);

        using var client = app.CreateHttpClient("api");
        var signIn = await client.PostAsJsonAsync(
            "/api/v1/auth/google",
            new { code = "dev:alice@example.com", redirect_uri = "http://localhost:3000/auth/callback" },
            cancellationToken);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var accessToken = (string)(await signIn.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["access_token"]!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);

        var generate = await client.PostAsJsonAsync(
            "/api/v1/videos/generate", new { prompt = "A paper boat drifting down a rainy street", model = "sora-2" }, cancellationToken);
        Assert.Equal(HttpStatusCode.Created, generate.StatusCode);
        var videoId = (long)(await generate.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["id"]!;

        // The Worker submits to the Emulator and polls it; the Emulator's job takes a few seconds.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(s_generationTimeout);
        JsonObject video;
        do
        {
            await Task.Delay(TimeSpan.FromSeconds(2), deadline.Token);
            video = (await client.GetFromJsonAsync<JsonObject>($"/api/v1/videos/{videoId}", deadline.Token))!;
        }
        while ((string?)video["status"] is "pending" or "processing");

        Assert.Equal("completed", (string?)video["status"]);
        Assert.StartsWith("http", (string?)video["video_url"], StringComparison.Ordinal);
    }
}
