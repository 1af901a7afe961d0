using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using AIVideo.Core.Hosting;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using AIVideo.Tests.Worker;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace AIVideo.Tests.Resilience;

/// <summary>
/// Redis is optional for correctness: with it hung (connected, answering nothing) or stopped,
/// signed-in requests, logout, generation and the Worker all do their work, each Redis call
/// costing at most a short wait; the events that could not be published are counted as lost.
/// </summary>
public sealed class RedisOutageTests(TestServices services, EmulatorServer emulator) : PipelineTestBase(services, emulator)
{
    // Far below the client library's own 5 s: a request that waits that long has not been bounded.
    private static readonly TimeSpan s_requestBound = TimeSpan.FromSeconds(3);

    private RedisServer _redis = null!;
    private bool _redisStopped;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:cache"] = _redis.ConnectionString,
        ["Redis:Timeout"] = "00:00:00.500",
        ["RateLimits:RedisTimeout"] = "00:00:00.500",
    };

    public override async ValueTask InitializeAsync()
    {
        // A Redis of this test's own, which it can pause or stop.
        _redis = await RedisServer.CreateAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        // First, so the hosts do not wait on a paused server while they stop.
        await StopRedisAsync();
        await base.DisposeAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Without_redis_signed_in_requests_logout_generation_and_the_worker_keep_working(bool stopped)
    {
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(RedisServer.EnvironmentVariable)))
        {
            Assert.Skip("Needs a Redis of its own to pause and stop; AIVIDEO_TEST_REDIS names a shared one.");
        }

        var (listener, lost) = ListenForLostEvents();
        using var _ = listener;
        var user = await Client.SignInAsDevAsync($"{Guid.NewGuid():N}@example.com");
        var otherSession = await Client.SignInAsDevAsync($"{Guid.NewGuid():N}@example.com");

        if (stopped)
        {
            await StopRedisAsync();
        }
        else
        {
            await using var admin = await ConnectionMultiplexer.ConnectAsync($"{_redis.ConnectionString},allowAdmin=true");
            await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "300000", "ALL");
        }

        // Read from PostgreSQL, each after at most a short wait for Redis.
        foreach (var path in (string[])["/api/v1/auth/me", "/api/v1/videos", "/api/v1/auth/me", "/api/v1/videos"])
        {
            var (response, took) = await TimedAsync(() => Client.GetAsync(path, user.AccessToken));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(took < s_requestBound, $"GET {path} took {took}.");
        }

        // Logout still ends the session: the token is refused by the database's session check.
        var (logout, logoutTook) = await TimedAsync(() => Client.SendAsync(HttpMethod.Post, "/api/v1/auth/logout", otherSession.AccessToken));
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.True(logoutTook < s_requestBound, $"POST /auth/logout took {logoutTook}.");
        var afterLogout = await Client.GetAsync("/api/v1/auth/me", otherSession.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, afterLogout.StatusCode);
        Assert.Equal("Invalid authentication credentials", await afterLogout.ReadDetailAsync());

        // Created and charged, answered as such; the Worker completes it without its events.
        var (generated, generateTook) = await TimedAsync(() => Client.SendAsync(
            HttpMethod.Post, "/api/v1/videos/generate", user.AccessToken, new { prompt = "A cinematic product showcase" }));
        Assert.Equal(HttpStatusCode.Created, generated.StatusCode);
        Assert.True(generateTook < s_requestBound, $"POST /videos/generate took {generateTook}.");
        var id = (long)(await generated.ReadJsonAsync())["id"]!;
        var video = await WaitUntilFinishedAsync(user, id);
        Assert.Equal("completed", (string?)video["status"]);
        Assert.Equal("90.0", (await (await Client.GetAsync("/api/v1/users/credits", user.AccessToken)).ReadJsonAsync())["credits"]!.ToJsonString());

        // The Api's "pending", the Worker's "processing" and "completed", the logout's announcement.
        Assert.Contains(lost, e => e is { Host: "api", Type: "video.updated" });
        Assert.Contains(lost, e => e is { Host: "api", Type: "session.revoked" });
        Assert.Contains(lost, e => e is { Host: "worker", Type: "video.updated" });
    }

    private static async Task<(HttpResponseMessage Response, TimeSpan Took)> TimedAsync(Func<Task<HttpResponseMessage>> send)
    {
        var clock = Stopwatch.StartNew();
        var response = await send();
        return (response, clock.Elapsed);
    }

    /// <summary>Lost events counted by this test's Api and Worker (other tests' hosts share the process).</summary>
    private (MeterListener Listener, ConcurrentBag<(string Host, string? Type)> Lost) ListenForLostEvents()
    {
        var meters = new Dictionary<Meter, string>
        {
            [Api.Services.GetRequiredService<IMeterFactory>().Create(RedisCalls.MeterName)] = "api",
            [WorkerServices.GetRequiredService<IMeterFactory>().Create(RedisCalls.MeterName)] = "worker",
        };
        var lost = new ConcurrentBag<(string Host, string? Type)>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, published) =>
            {
                if (meters.ContainsKey(instrument.Meter) && instrument.Name == "aivideo.events.lost")
                {
                    published.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "type")
                {
                    lost.Add((meters[instrument.Meter], tag.Value as string));
                }
            }
        });
        listener.Start();
        return (listener, lost);
    }

    private async Task StopRedisAsync()
    {
        if (!_redisStopped)
        {
            _redisStopped = true;
            await _redis.DisposeAsync();
        }
    }
}
