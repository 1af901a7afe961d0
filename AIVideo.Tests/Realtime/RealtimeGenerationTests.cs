using System.Text.Json.Nodes;
using AIVideo.Api.Realtime;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using AIVideo.Tests.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace AIVideo.Tests.Realtime;

/// <summary>Api, Worker and the Emulator's provider together: the owner watches a generation live.</summary>
public sealed class RealtimeGenerationTests(TestServices services, EmulatorServer emulator) : PipelineTestBase(services, emulator)
{
    [Fact]
    public async Task A_generated_video_streams_processing_to_completed_to_its_owner()
    {
        await Api.Services.GetRequiredService<RealtimeRedisListener>().Subscribed.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var user = await Client.SignInAsDevAsync($"{Guid.NewGuid():N}@example.com");
        var socket = await Api.Server.CreateWebSocketClient().ConnectAsync(new Uri($"ws://localhost/ws/videos?token={user.AccessToken}"), TestContext.Current.CancellationToken);
        await using var sse = await SseStream.OpenAsync(Client, "/api/v1/videos/events", bearer: user.AccessToken);

        // Other test classes' users have the same ids in their own databases: the prompt tells ours apart.
        var prompt = $"A cinematic product showcase {Guid.NewGuid():N}";
        var id = await GenerateAsync(user, new { prompt });

        var viaSocket = new List<JsonObject>();
        do
        {
            viaSocket.Add((await socket.ReceiveForVideoAsync(id, prompt))["video"]!.AsObject());
        }
        while ((string?)viaSocket[^1]["status"] is not ("completed" or "failed"));

        var viaSse = new List<JsonObject>();
        do
        {
            viaSse.Add((await sse.ReceiveForVideoAsync(id, prompt))["video"]!.AsObject());
        }
        while ((string?)viaSse[^1]["status"] is not ("completed" or "failed"));

        foreach (var events in new[] { viaSocket, viaSse })
        {
            // The Api announces the new video; the Worker every change after it.
            Assert.Equal("pending", (string?)events[0]["status"]);
            Assert.Equal("processing", (string?)events[1]["status"]);
            Assert.Equal("completed", (string?)events[^1]["status"]);
            Assert.Equal(events.Select(e => (int)e["progress"]!).Order(), events.Select(e => (int)e["progress"]!));
        }

        // The last event is the object GET /videos/{id} returns (URLs are signed per read, so they differ).
        var read = await (await Client.GetAsync($"/api/v1/videos/{id}", user.AccessToken)).ReadJsonAsync();
        var streamed = viaSocket[^1];
        Assert.Equal(read.Select(p => p.Key), streamed.Select(p => p.Key));
        foreach (var field in read.Where(p => p.Key is not ("video_url" or "poster_url")))
        {
            Assert.Equal(field.Value?.ToJsonString(), streamed[field.Key]?.ToJsonString());
        }

        using var browser = new HttpClient();
        Assert.True((await browser.GetAsync((string)streamed["video_url"]!, TestContext.Current.CancellationToken)).IsSuccessStatusCode);
        await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "done", TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Deleting_a_video_tells_the_owners_other_connections()
    {
        await Api.Services.GetRequiredService<RealtimeRedisListener>().Subscribed.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var user = await Client.SignInAsDevAsync($"{Guid.NewGuid():N}@example.com");
        var socket = await Api.Server.CreateWebSocketClient().ConnectAsync(new Uri($"ws://localhost/ws/videos?token={user.AccessToken}"), TestContext.Current.CancellationToken);
        var id = await GenerateAsync(user, new { prompt = $"A slow pan across a quiet harbour {Guid.NewGuid():N}" });

        var deleted = await Client.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{id}", user.AccessToken);

        Assert.Equal(System.Net.HttpStatusCode.NoContent, deleted.StatusCode);
        JsonObject? message;
        do
        {
            message = await socket.ReceiveAsync(TimeSpan.FromSeconds(30));
        }
        while (message is not null && (string?)message["type"] != "video.deleted");

        Assert.Equal($$$"""{"type":"video.deleted","video":{"id":{{{id}}}}}""", message?.ToJsonString());
        await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "done", TestContext.Current.CancellationToken);
    }
}
