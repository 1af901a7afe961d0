using System.Net;
using AIVideo.Api.RateLimiting;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using static AIVideo.Tests.RateLimiting.RateLimitTestSupport;

namespace AIVideo.Tests.RateLimiting;

/// <summary>Windows that end, replicas that share their counters, and what happens without Redis.</summary>
public sealed class RateLimitSharingTests(TestServices services)
{
    private const string ModelsPath = "/api/v1/videos/models/list";

    [Fact]
    public async Task A_window_frees_after_retry_after()
    {
        await using var api = await ApiFactory.CreateAsync(services, settings: Limits(("Default", 1, "00:00:03")));
        using var client = api.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(ModelsPath, bearer: null)).StatusCode);
        var refused = await client.GetAsync(ModelsPath, bearer: null);
        await AssertRateLimitedAsync(refused, 3);

        // Asked again until answered: a fixed window frees at its end, whatever was refused meanwhile.
        await Eventually.UntilAsync(
            async () => (await client.GetAsync(ModelsPath, bearer: null)).StatusCode == HttpStatusCode.OK,
            refused.Headers.RetryAfter!.Delta!.Value + TimeSpan.FromSeconds(2),
            "The window never freed after its Retry-After");
    }

    [Fact]
    public async Task Two_api_instances_on_one_redis_enforce_one_combined_limit()
    {
        var prefix = $"aivideo-tests:{Guid.NewGuid():N}:shared:";
        var settings = Limits(("Default", 4, "00:01:00"));
        settings["RateLimits:KeyPrefix"] = prefix;
        await using var first = await ApiFactory.CreateAsync(services, settings: settings);
        await using var second = await ApiFactory.CreateAsync(services, settings: settings);
        using var firstClient = first.CreateClient();
        using var secondClient = second.CreateClient();

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await firstClient.GetAsync(ModelsPath, bearer: null)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await secondClient.GetAsync(ModelsPath, bearer: null)).StatusCode);
        }

        // Each instance has seen only two requests of its limit of four; together they have seen four.
        await AssertRateLimitedAsync(await firstClient.GetAsync(ModelsPath, bearer: null), 60);
        await AssertRateLimitedAsync(await secondClient.GetAsync(ModelsPath, bearer: null), 60);
    }

    [Fact]
    public async Task Replicas_taking_permits_in_batches_never_admit_more_than_the_limit()
    {
        var settings = Limits(("Default", 60, "00:01:00"));
        settings["RateLimits:KeyPrefix"] = $"aivideo-tests:{Guid.NewGuid():N}:batched:";
        await using var first = await ApiFactory.CreateAsync(services, settings: settings);
        await using var second = await ApiFactory.CreateAsync(services, settings: settings);
        using var firstClient = first.CreateClient();
        using var secondClient = second.CreateClient();

        var admitted = 0;
        for (var i = 0; i < 50; i++)
        {
            foreach (var client in (HttpClient[])[firstClient, secondClient])
            {
                if ((await client.GetAsync(ModelsPath, bearer: null)).StatusCode == HttpStatusCode.OK)
                {
                    admitted++;
                }
            }
        }

        // Batches of three: a replica may hold at most two permits the other could have used.
        Assert.InRange(admitted, 60 - 2, 60);
    }

    [Fact]
    public async Task With_redis_down_the_limits_are_counted_in_process_and_that_is_logged_once()
    {
        var logs = new LogCapture();
        await using var baseApi = await ApiFactory.CreateAsync(services, settings: Limits(("Default", 3, "00:01:00")));
        await using var api = baseApi.WithWebHostBuilder(builder => builder
                .UseSetting("ConnectionStrings:cache", $"127.0.0.1:{FreeTcpPort.Next()},connectTimeout=500")
                .ConfigureLogging(logging => logging.AddProvider(logs)));
        using var client = api.CreateClient();

        // Neither "refuse everything" nor "allow everything": the same limit, held by this process.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(ModelsPath, bearer: null)).StatusCode);
        }

        await AssertRateLimitedAsync(await client.GetAsync(ModelsPath, bearer: null), 60);
        await AssertRateLimitedAsync(await client.GetAsync(ModelsPath, bearer: null), 60);

        var warnings = logs.Entries.Where(e => e.Category == typeof(RateLimitCounter).FullName && e.Level == LogLevel.Warning).ToList();
        Assert.Single(warnings);
        Assert.Contains("Redis is unreachable", warnings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hung_redis_costs_one_short_wait_then_the_limits_are_counted_in_process()
    {
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(RedisServer.EnvironmentVariable)))
        {
            Assert.Skip("Needs a Redis of its own to pause; AIVIDEO_TEST_REDIS names a shared one.");
        }

        await using var redis = await RedisServer.CreateAsync();
        var logs = new LogCapture();
        var settings = Limits(("Default", 2, "00:01:00"));
        settings["ConnectionStrings:cache"] = redis.ConnectionString;
        settings["RateLimits:RedisTimeout"] = "00:00:01";
        await using var baseApi = await ApiFactory.CreateAsync(services, settings: settings);
        await using var api = baseApi.WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.AddProvider(logs)));
        using var client = api.CreateClient();

        // Counted in Redis (a window this process knows to be full would be refused without
        // asking Redis at all, so the caller stays under the limit here).
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(ModelsPath, bearer: null)).StatusCode);

        // Redis stays connected but answers nothing: the Api stops waiting for it and counts
        // in process, from zero, with the same limit.
        await using (var admin = await ConnectionMultiplexer.ConnectAsync($"{redis.ConnectionString},allowAdmin=true"))
        {
            await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "20000", "ALL");
        }

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(ModelsPath, bearer: null)).StatusCode);
        }

        await AssertRateLimitedAsync(await client.GetAsync(ModelsPath, bearer: null), 60);
        Assert.Single(logs.Entries, e => e.Category == typeof(RateLimitCounter).FullName && e.Level == LogLevel.Warning);
    }
}
