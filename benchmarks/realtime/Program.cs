using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using AIVideo.Core.Videos;
using RealtimeBench;
using StackExchange.Redis;

// Capacity of one Api process's realtime endpoint: RSS with N idle WebSockets, and the delay
// from a Redis publish (as the Worker does it) to the client at M connections.
var options = BenchOptions.Parse(args);
var users = (options.IdleConnections + options.ConnectionsPerUser - 1) / options.ConnectionsPerUser;
var activeUsers = options.ActiveConnections / options.ConnectionsPerUser;
await BenchUsers.CreateAsync(options.Database, users);
var tokens = Enumerable.Range(0, users).Select(u => AccessTokens.Create(options.JwtKey, BenchUsers.FirstId + u, Guid.NewGuid())).ToArray();
var recorder = new LatencyRecorder();
var connections = new List<BenchConnection>();
using var invoker = new HttpMessageInvoker(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero });
await using var redis = await ConnectionMultiplexer.ConnectAsync(options.Redis);

Report("rss_mb_0_connections", RssMegabytes(options.ApiProcessId));

await OpenAsync(options.ActiveConnections);
await Task.Delay(TimeSpan.FromSeconds(3));
Report("rss_mb_active_connections", RssMegabytes(options.ApiProcessId));

// Each round: one event per active user, i.e. one delivery per active connection. The first
// rounds warm the JIT up (tiered compilation) on both sides and are not counted.
const int WarmUpRounds = 10;
for (var round = -WarmUpRounds; round < options.Rounds; round++)
{
    if (round == 0)
    {
        await WaitForAsync(WarmUpRounds * activeUsers * options.ConnectionsPerUser);
        recorder.Clear();
    }

    var publishes = new List<Task>();
    for (var u = 0; u < activeUsers; u++)
    {
        var videoId = ((round + WarmUpRounds) * activeUsers) + u;
        publishes.Add(redis.GetSubscriber().PublishAsync(VideoEvents.ChannelFor(BenchUsers.FirstId + u), EventJson(BenchUsers.FirstId + u, videoId)));
    }

    await Task.WhenAll(publishes);
    await Task.Delay(options.RoundMilliseconds);
}

var expected = options.Rounds * activeUsers * options.ConnectionsPerUser;
await WaitForAsync(expected);

Report("deliveries_expected", expected);
Report("deliveries_received", recorder.Count);
Report("latency_ms_p50", recorder.Percentile(50).TotalMilliseconds);
Report("latency_ms_p99", recorder.Percentile(99).TotalMilliseconds);
Report("latency_ms_max", recorder.Percentile(100).TotalMilliseconds);

await OpenAsync(options.IdleConnections - options.ActiveConnections);
// Long enough for a keep-alive ping round trip on every connection (KeepAliveInterval 20 s).
await Task.Delay(TimeSpan.FromSeconds(25));
Report("connections_open", connections.Count(c => c.State == WebSocketState.Open));
Report("rss_mb_idle_connections", RssMegabytes(options.ApiProcessId));

foreach (var connection in connections)
{
    connection.Dispose();
}

await BenchUsers.DeleteAsync(options.Database);
return 0;

async Task WaitForAsync(int deliveries)
{
    var waited = Stopwatch.StartNew();
    while (recorder.Count < deliveries && waited.Elapsed < TimeSpan.FromSeconds(60))
    {
        await Task.Delay(100);
    }
}

async Task OpenAsync(int count)
{
    var clock = Stopwatch.StartNew();
    using var gate = new SemaphoreSlim(32);
    var first = connections.Count;
    var opening = Enumerable.Range(first, count).Select(async i =>
    {
        await gate.WaitAsync();
        try
        {
            var address = new UriBuilder(options.Api) { Scheme = "ws", Path = "/ws/videos", Query = $"token={tokens[i / options.ConnectionsPerUser]}" }.Uri;
            return await BenchConnection.OpenAsync(address, invoker, recorder);
        }
        finally
        {
            gate.Release();
        }
    }).ToList();
    connections.AddRange(await Task.WhenAll(opening));
    Report("connections_opened", connections.Count);
    Report("connect_seconds", clock.Elapsed.TotalSeconds);
}

// The shape and size of a real event: the video object with two signed URLs.
static string EventJson(long userId, long videoId)
{
    var sas = "?sv=2025-11-05&st=2026-11-24T20%3A00%3A00Z&se=2026-11-24T21%3A00%3A00Z&sr=b&sp=r&sig=" + new string('A', 44);
    // bench_sent first: the client stops reading each message there.
    return JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["bench_sent"] = Stopwatch.GetTimestamp(),
        ["type"] = "video.updated",
        ["video"] = new Dictionary<string, object?>
        {
            ["id"] = videoId,
            ["user_id"] = userId,
            ["prompt"] = "A cinematic product showcase with smooth camera movements",
            ["model"] = "sora-2",
            ["reference_image_url"] = null,
            ["video_url"] = $"http://127.0.0.1:10000/devstoreaccount1/videos/user_{userId}/{videoId}/1.mp4{sas}",
            ["poster_url"] = $"http://127.0.0.1:10000/devstoreaccount1/posters/user_{userId}/{videoId}/1.jpg{sas}",
            ["status"] = "processing",
            ["progress"] = 40,
            ["duration"] = null,
            ["resolution"] = null,
            ["error_message"] = null,
            ["created_at"] = "2026-11-24T20:00:00Z",
            ["updated_at"] = "2026-11-24T20:00:10Z",
        },
    });
}

static double RssMegabytes(int processId)
{
    var line = File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
}

static void Report(string name, double value) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}={value:0.##}"));
