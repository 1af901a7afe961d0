using System.Data.Common;
using System.Net;
using AIVideo.Api.Infrastructure.Replicas;
using AIVideo.Core.Data;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace AIVideo.Tests.Showcase;

public sealed class ShowcaseTests(TestServices services) : ApiTestBase(services)
{
    [Fact]
    public async Task Showcase_videos_default_to_the_first_six_active_in_display_order()
    {
        var body = await GetJsonAsync("/api/v1/showcase/videos");

        Assert.Equal(8, (int)body["total"]!);
        var videos = body["videos"]!.AsArray();
        Assert.Equal(6, videos.Count);
        Assert.Equal([1, 2, 3, 4, 5, 6], videos.Select(v => (int)v!["order"]!));
        Assert.Equal(["id", "title", "description", "category", "video_url", "poster_url", "is_featured", "order"], videos[0]!.AsObject().Select(p => p.Key));
        Assert.StartsWith("https://", (string?)videos[0]!["video_url"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?featured=true", 3, 3)]
    [InlineData("?category=Automotive", 2, 2)]
    [InlineData("?category=F%26B", 1, 1)]
    [InlineData("?category=Gardening", 0, 0)]
    [InlineData("?skip=6", 2, 8)]
    [InlineData("?skip=100", 0, 8)]
    [InlineData("?limit=50", 8, 8)]
    [InlineData("?limit=1&featured=true&category=Fashion", 1, 1)]
    public async Task Showcase_video_filters_and_paging(string query, int count, int total)
    {
        var body = await GetJsonAsync($"/api/v1/showcase/videos{query}");

        Assert.Equal(count, body["videos"]!.AsArray().Count);
        Assert.Equal(total, (int)body["total"]!);
    }

    [Fact]
    public async Task Featured_lists_featured_videos_with_their_total()
    {
        var body = await GetJsonAsync("/api/v1/showcase/featured?limit=2");

        Assert.Equal(3, (int)body["total"]!);
        Assert.All(body["videos"]!.AsArray(), v => Assert.True((bool)v!["is_featured"]!));
        Assert.Equal(2, body["videos"]!.AsArray().Count);
    }

    [Fact]
    public async Task Hero_videos_carry_only_what_the_carousel_needs()
    {
        var body = await GetJsonAsync("/api/v1/showcase/hero-videos");

        Assert.Equal(["videos"], body.Select(p => p.Key));
        var heroes = body["videos"]!.AsArray();
        Assert.Equal(3, heroes.Count);
        Assert.Equal(["id", "title", "video_url", "poster_url"], heroes[0]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task Trial_images_list_the_active_ones()
    {
        var body = await GetJsonAsync("/api/v1/showcase/trial-images");

        Assert.Equal(8, (int)body["total"]!);
        var images = body["images"]!.AsArray();
        Assert.Equal(8, images.Count);
        Assert.Equal(["id", "title", "image_url", "category", "order"], images[0]!.AsObject().Select(p => p.Key));
    }

    [Theory]
    [InlineData("/api/v1/showcase/videos?limit=0", "query.limit")]
    [InlineData("/api/v1/showcase/videos?limit=51", "query.limit")]
    [InlineData("/api/v1/showcase/videos?skip=-1", "query.skip")]
    [InlineData("/api/v1/showcase/videos?featured=maybe", "query.featured")]
    [InlineData("/api/v1/showcase/featured?limit=21", "query.limit")]
    [InlineData("/api/v1/showcase/hero-videos?limit=11", "query.limit")]
    [InlineData("/api/v1/showcase/hero-videos?limit=0", "query.limit")]
    [InlineData("/api/v1/showcase/trial-images?limit=21", "query.limit")]
    [InlineData("/api/v1/showcase/trial-images?skip=x", "query.skip")]
    public async Task Bounds_are_validated(string path, string loc)
    {
        var response = await Client.GetAsync(path, bearer: null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = Assert.Single((await response.ReadJsonAsync())["detail"]!.AsArray());
        Assert.Equal(loc, string.Join('.', error!["loc"]!.AsArray().Select(p => (string?)p)));
    }

    [Fact]
    public async Task Responses_carry_browser_caching_headers_and_answer_not_modified()
    {
        var first = await Client.GetAsync("/api/v1/showcase/trial-images?limit=3", bearer: null);

        Assert.Equal(TimeSpan.FromSeconds(60), first.Headers.CacheControl?.MaxAge);
        Assert.True(first.Headers.CacheControl?.Public);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/v1/showcase/trial-images?limit=3");
        conditional.Headers.IfNoneMatch.Add(etag);
        var second = await Client.SendAsync(conditional, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task A_cached_read_makes_no_database_query()
    {
        var commands = new CommandCounter();
        await using var api = Api.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.ConfigureDbContext<AIVideoDbContext>(options => options.AddInterceptors(commands))));
        using var client = api.CreateClient();
        // A query no other test asks, so the first read is a miss.
        var path = "/api/v1/showcase/videos?limit=5&category=Product";

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path, bearer: null)).StatusCode);
        var afterMiss = commands.Count;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path, bearer: null)).StatusCode);

        Assert.True(afterMiss > 0, "The first read should have queried the database.");
        Assert.Equal(afterMiss, commands.Count);
    }

    [Fact]
    public async Task The_cache_varies_only_by_the_parameters_the_endpoint_reads_normalised()
    {
        var commands = new CommandCounter();
        await using var api = Api.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.ConfigureDbContext<AIVideoDbContext>(options => options.AddInterceptors(commands))));
        using var client = api.CreateClient();

        // Queries no other test asks, so each first read is a miss.
        await AssertMissThenHitsAsync(client, commands, "/api/v1/showcase/videos?limit=4&category=Tech",
            "/api/v1/showcase/videos?category=Tech&limit=4&utm_source=x&probe=" + Guid.NewGuid(),
            "/api/v1/showcase/videos?limit=4&category=Tech&featured=FALSE&skip=0");
        await AssertMissThenHitsAsync(client, commands, "/api/v1/showcase/featured?limit=2&x=1", "/api/v1/showcase/featured?limit=2&y=2");
        await AssertMissThenHitsAsync(client, commands, "/api/v1/showcase/trial-images?skip=1", "/api/v1/showcase/trial-images?skip=1&limit=8");
        // Any category outside the contract's matches nothing: they all share one page.
        await AssertMissThenHitsAsync(client, commands, "/api/v1/showcase/videos?category=Gardening&limit=3", $"/api/v1/showcase/videos?category={Guid.NewGuid():N}&limit=3");

        // Another Host header is the same page, not another entry.
        var before = commands.Count;
        using var otherHost = new HttpRequestMessage(HttpMethod.Get, "/api/v1/showcase/featured?limit=2");
        otherHost.Headers.Host = $"{Guid.NewGuid():N}.example";
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(otherHost, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(before, commands.Count);

        // A value the endpoint would refuse is never answered from a cached page.
        var malformed = await client.GetAsync("/api/v1/showcase/videos?limit=4abc&category=Tech", bearer: null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, malformed.StatusCode);
    }

    private static async Task AssertMissThenHitsAsync(HttpClient client, CommandCounter commands, string first, params string[] samePage)
    {
        var before = commands.Count;
        var firstBody = await (await client.GetAsync(first, bearer: null)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(commands.Count > before, $"{first} should have been a miss.");
        foreach (var path in samePage)
        {
            var afterMiss = commands.Count;
            var response = await client.GetAsync(path, bearer: null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(firstBody, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            Assert.True(afterMiss == commands.Count, $"{path} should have been answered from the page cached for {first}.");
        }
    }

    [Fact]
    public async Task A_replica_answers_a_cached_page_from_its_own_copy_without_asking_redis()
    {
        var commands = new CommandCounter();
        await using var api = Api.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.ConfigureDbContext<AIVideoDbContext>(options => options.AddInterceptors(commands))));
        using var client = api.CreateClient();
        var link = api.Services.GetRequiredService<ReplicaLink>();
        await Eventually.UntilAsync(() => Task.FromResult(link.IsLive), TimeSpan.FromSeconds(20), "The replica never subscribed to evictions");
        // A query no other test asks, so the first read is a miss.
        var path = "/api/v1/showcase/videos?limit=3&category=Lifestyle";
        var first = await (await client.GetAsync(path, bearer: null)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        // Redis forgets every page of this Api: were it asked, the page would come from the database again.
        await using (var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync($"{Services.Redis.ConnectionString},allowAdmin=true"))
        {
            var server = redis.GetServer(redis.GetEndPoints()[0]);
            await foreach (var key in server.KeysAsync(pattern: Api.OutputCacheInstance + "*"))
            {
                await redis.GetDatabase().KeyDeleteAsync(key);
            }
        }

        var afterMiss = commands.Count;
        var second = await (await client.GetAsync(path, bearer: null)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(first, second);
        Assert.Equal(afterMiss, commands.Count);
    }

    [Fact]
    public async Task With_redis_down_the_showcase_still_answers_from_the_database()
    {
        await using var api = Api.WithWebHostBuilder(builder =>
            builder.UseSetting("ConnectionStrings:cache", $"127.0.0.1:{FreeTcpPort.Next()},connectTimeout=500"));
        using var client = api.CreateClient();

        var response = await client.GetAsync("/api/v1/showcase/videos", bearer: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(8, (int)(await response.ReadJsonAsync())["total"]!);
    }

    private async Task<System.Text.Json.Nodes.JsonObject> GetJsonAsync(string path)
    {
        var response = await Client.GetAsync(path, bearer: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private sealed class CommandCounter : DbCommandInterceptor
    {
        private int _count;

        public int Count => _count;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
