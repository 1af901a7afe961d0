using System.Net.WebSockets;
using System.Text.Json;
using AIVideo.Api.Realtime;
using AIVideo.Core.Videos;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace AIVideo.Tests.Realtime;

/// <summary>
/// Two Api replicas on real loopback ports, sharing one database and one Redis, as behind a load
/// balancer, and a Redis connection to publish events the way the Worker does.
/// </summary>
public abstract class RealtimeTestBase(TestServices services, EmulatorServer emulator) : IAsyncLifetime
{
    protected TestServices Services { get; } = services;

    protected ApiFactory ApiA { get; private set; } = null!;

    protected ApiFactory ApiB { get; private set; } = null!;

    protected HttpClient ClientA { get; private set; } = null!;

    protected HttpClient ClientB { get; private set; } = null!;

    protected IConnectionMultiplexer Redis { get; private set; } = null!;

    /// <summary>Extra configuration for replica A.</summary>
    protected virtual IReadOnlyDictionary<string, string?>? SettingsA => null;

    // Replica A's Redis connections carry this name, so a test can cut exactly them.
    private readonly string _replicaAClientName = $"replica-a-{Guid.NewGuid():N}";

    public virtual async ValueTask InitializeAsync()
    {
        var settingsA = new Dictionary<string, string?>(SettingsA ?? new Dictionary<string, string?>())
        {
            ["ConnectionStrings:cache"] = $"{Services.Redis.ConnectionString},name={_replicaAClientName}",
        };
        ApiA = await ApiFactory.CreateAsync(Services, emulator, settingsA);
        ApiB = new ApiFactory(Services, ApiA.DatabaseConnectionString, emulator);
        ClientA = await StartAsync(ApiA);
        ClientB = await StartAsync(ApiB);
        Redis = await ConnectionMultiplexer.ConnectAsync(Services.Redis.ConnectionString);
    }

    public virtual async ValueTask DisposeAsync()
    {
        ClientA.Dispose();
        ClientB.Dispose();
        await Redis.DisposeAsync();
        await ApiA.DisposeAsync();
        await ApiB.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Cuts replica A's Redis connections, as a network fault would.</summary>
    protected async Task CutReplicaARedisConnectionsAsync()
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync($"{Services.Redis.ConnectionString},allowAdmin=true");
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        var killed = 0;
        foreach (var client in (await server.ClientListAsync()).Where(c => c.Name == _replicaAClientName))
        {
            killed += (int)await server.ClientKillAsync(client.Id, skipMe: true);
        }

        Assert.True(killed > 0, "Found no Redis connection of replica A to cut.");
    }

    /// <summary>
    /// A user with an id no other test class uses (they all share one Redis, and ids restart at 1
    /// in each test database), and an access token of a fresh session.
    /// </summary>
    protected async Task<TestUser> CreateUserAsync()
    {
        var id = Random.Shared.NextInt64(1_000_000_000, 1_000_000_000_000);
        await using var db = TestDatabases.CreateDbContext(ApiA.DatabaseConnectionString);
        await db.Database.ExecuteSqlAsync($"INSERT INTO users (id, google_sub, email, credits) VALUES ({id}, {"sub-" + id}, {id + "@example.com"}, 0)", TestContext.Current.CancellationToken);
        return new TestUser(id, TestTokens.User(id, Guid.NewGuid()));
    }

    protected static string NewToken(TestUser user) => TestTokens.User(user.Id, Guid.NewGuid());

    protected static async Task<ClientWebSocket> ConnectAsync(ApiFactory api, string token, bool asSubprotocol = false)
    {
        var socket = new ClientWebSocket();
        var address = new UriBuilder(api.ClientOptions.BaseAddress) { Scheme = "ws", Path = RealtimeTokens.WebSocketPath };
        if (asSubprotocol)
        {
            socket.Options.AddSubProtocol("bearer");
            socket.Options.AddSubProtocol(token);
        }
        else
        {
            address.Query = $"token={token}";
        }

        await socket.ConnectAsync(address.Uri, TestContext.Current.CancellationToken);
        return socket;
    }

    /// <summary>The status code of a refused handshake (it throws after the response arrived).</summary>
    protected static async Task<int> RefusedHandshakeStatusAsync(ApiFactory api, string? query)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var address = new UriBuilder(api.ClientOptions.BaseAddress) { Scheme = "ws", Path = RealtimeTokens.WebSocketPath, Query = query ?? string.Empty };
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(address.Uri, TestContext.Current.CancellationToken));
        return (int)socket.HttpStatusCode;
    }

    /// <summary>An event as the Worker publishes it (<see cref="VideoEvents"/>), optionally padded to make it big.</summary>
    protected Task PublishAsync(long userId, long videoId, string status, int progress = 0, int padding = 0) =>
        Redis.GetSubscriber().PublishAsync(VideoEvents.ChannelFor(userId), JsonSerializer.Serialize(new
        {
            type = "video.updated",
            video = new { id = videoId, user_id = userId, prompt = new string('x', padding), status, progress },
        }));

    protected static async Task CloseAsync(ClientWebSocket socket)
    {
        if (socket.State == WebSocketState.Open)
        {
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", TestContext.Current.CancellationToken);
        }

        socket.Dispose();
    }

    private static async Task<HttpClient> StartAsync(ApiFactory api)
    {
        api.UseKestrel(0);
        api.StartServer();
        await api.Services.GetRequiredService<RealtimeRedisListener>().Subscribed.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        return new HttpClient { BaseAddress = api.ClientOptions.BaseAddress };
    }
}

public sealed record TestUser(long Id, string AccessToken);
