using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using AIVideo.Api.RateLimiting;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static AIVideo.Tests.RateLimiting.RateLimitTestSupport;

namespace AIVideo.Tests.RateLimiting;

/// <summary>Each policy's limit, who it counts, and what it does not count; over real Redis.</summary>
public sealed class RateLimitPolicyTests(TestServices services) : ApiTestBase(services)
{
    protected override IReadOnlyDictionary<string, string?>? Settings => Limits(
        ("Auth", 3, "00:01:00"),
        ("Generate", 2, "00:01:00"),
        ("Upload", 2, "00:01:00"),
        ("Default", 3, "00:01:00"));

    [Fact]
    public void Without_configuration_the_limits_are_the_production_numbers()
    {
        var options = new ConfigurationBuilder().Build().GetSection(RateLimitOptions.SectionName).Get<RateLimitOptions>() ?? new RateLimitOptions();

        Assert.Equal((10, TimeSpan.FromMinutes(1)), (options.Auth.PermitLimit, options.Auth.Window));
        Assert.Equal((5, TimeSpan.FromMinutes(1)), (options.Generate.PermitLimit, options.Generate.Window));
        Assert.Equal((20, TimeSpan.FromMinutes(1)), (options.Upload.PermitLimit, options.Upload.Window));
        Assert.Equal((100, TimeSpan.FromMinutes(1)), (options.Default.PermitLimit, options.Default.Window));
    }

    [Fact]
    public async Task Auth_is_limited_per_client_address_whoever_signs_in()
    {
        for (var i = 0; i < 3; i++)
        {
            var allowed = await Client.SendAsync(HttpMethod.Post, "/api/v1/auth/refresh", bearer: null, new { refresh_token = $"not-a-token-{i}" });
            Assert.Equal(HttpStatusCode.Unauthorized, allowed.StatusCode);
        }

        await AssertRateLimitedAsync(await Client.SignInAsync("dev:someone@example.com"), 60);
        await AssertRateLimitedAsync(await Client.SendAsync(HttpMethod.Post, "/api/v1/auth/refresh", bearer: null, new { refresh_token = "x" }), 60);

        // The other policies keep their own counters.
        var token = await CreateUserTokenAsync(Api);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/api/v1/auth/me", token)).StatusCode);
    }

    [Fact]
    public async Task Generation_is_limited_per_user()
    {
        var alice = await CreateUserTokenAsync(Api);
        var bob = await CreateUserTokenAsync(Api);

        // Refused requests count too: the limit is on attempts, checked before the handler runs.
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Client.SendAsync(HttpMethod.Post, "/api/v1/videos/generate", alice, new { })).StatusCode);
        }

        await AssertRateLimitedAsync(await Client.SendAsync(HttpMethod.Post, "/api/v1/videos/generate", alice, new { }), 60);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Client.SendAsync(HttpMethod.Post, "/api/v1/videos/generate", bob, new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/api/v1/videos", alice)).StatusCode);
    }

    [Fact]
    public async Task Uploads_are_limited_per_user_and_per_address_when_anonymous()
    {
        var alice = await CreateUserTokenAsync(Api);
        var bob = await CreateUserTokenAsync(Api);

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await PostEmptyFormAsync("/api/v1/upload/validate", bearer: null)).StatusCode);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await PostEmptyFormAsync("/api/v1/upload/image", alice)).StatusCode);
        }

        await AssertRateLimitedAsync(await PostEmptyFormAsync("/api/v1/upload/validate", bearer: null), 60);
        await AssertRateLimitedAsync(await PostEmptyFormAsync("/api/v1/upload/image", alice), 60);
        // Both endpoints share one count per user: Alice's validate is refused too.
        await AssertRateLimitedAsync(await PostEmptyFormAsync("/api/v1/upload/validate", alice), 60);

        // Bob's calls count under Bob, not under the exhausted anonymous address.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await PostEmptyFormAsync("/api/v1/upload/validate", bob)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await PostEmptyFormAsync("/api/v1/upload/image", bob)).StatusCode);
        await AssertRateLimitedAsync(await PostEmptyFormAsync("/api/v1/upload/image", bob), 60);
    }

    [Fact]
    public async Task Everything_else_under_api_v1_is_limited_per_user_or_per_address()
    {
        var alice = await CreateUserTokenAsync(Api);
        var bob = await CreateUserTokenAsync(Api);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/api/v1/users/credits", alice)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/api/v1/videos/models/list", bearer: null)).StatusCode);
        }

        await AssertRateLimitedAsync(await Client.GetAsync("/api/v1/auth/me", alice), 60);
        await AssertRateLimitedAsync(await Client.GetAsync("/api/v1/showcase/videos", bearer: null), 60);
        // Unknown routes under /api/v1 count as well: probing is not free.
        await AssertRateLimitedAsync(await Client.GetAsync("/api/v1/no-such-thing", bearer: null), 60);

        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/api/v1/users/credits", bob)).StatusCode);

        // Outside /api/v1 the probes and the root document are not limited.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/alive", bearer: null)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/", bearer: null)).StatusCode);
        }
    }

    [Fact]
    public async Task Served_uploads_and_realtime_connects_count_under_the_default_policy()
    {
        // Reads of /uploads/... are counted per caller (here a user, so that the anonymous count of the
        // other tests is left alone), found or not.
        var dave = await CreateUserTokenAsync(Api);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/uploads/user_1/{Guid.NewGuid()}.png", dave)).StatusCode);
        }

        await AssertRateLimitedAsync(await Client.GetAsync($"/uploads/user_1/{Guid.NewGuid()}.png", dave), 60);

        // A connect to /ws/videos (here without the upgrade, answered 400) counts per user, before the handler runs.
        var carol = await CreateUserTokenAsync(Api);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await Client.GetAsync("/ws/videos", carol)).StatusCode);
        }

        await AssertRateLimitedAsync(await Client.GetAsync("/ws/videos", carol), 60);
    }

    [Fact]
    public async Task The_429_allows_cross_origin_clients_to_read_retry_after()
    {
        var token = await CreateUserTokenAsync(Api);
        HttpResponseMessage response = null!;
        for (var i = 0; i < 4; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/users/credits");
            request.Headers.Authorization = new("Bearer", token);
            request.Headers.Add("Origin", "http://localhost:3000");
            response = await Client.SendAsync(request, TestContext.Current.CancellationToken);
        }

        await AssertRateLimitedAsync(response, 60);
        Assert.Equal("http://localhost:3000", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Retry-After", response.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Every_endpoint_under_api_v1_names_its_policy()
    {
        var endpoints = Api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        string? PolicyOf(string method, string route) => endpoints
            .Single(e => e.RoutePattern.RawText == route && e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(method) != false)
            .Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;

        var unnamed = endpoints.Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/", StringComparison.Ordinal) == true
            && e.Metadata.GetMetadata<EnableRateLimitingAttribute>() is null).Select(e => e.DisplayName);
        Assert.Empty(unnamed);

        // A policy named on an endpoint wins over its group's.
        Assert.Equal(RateLimitPolicies.Auth, PolicyOf("POST", "/api/v1/auth/google"));
        Assert.Equal(RateLimitPolicies.Auth, PolicyOf("POST", "/api/v1/auth/refresh"));
        Assert.Equal(RateLimitPolicies.Default, PolicyOf("GET", "/api/v1/auth/me"));
        Assert.Equal(RateLimitPolicies.Generate, PolicyOf("POST", "/api/v1/videos/generate"));
        Assert.Equal(RateLimitPolicies.Default, PolicyOf("GET", "/api/v1/videos/{video_id}"));
        Assert.Equal(RateLimitPolicies.Upload, PolicyOf("POST", "/api/v1/upload/image"));
        Assert.Equal(RateLimitPolicies.Upload, PolicyOf("POST", "/api/v1/upload/validate"));
        Assert.Equal(RateLimitPolicies.Default, PolicyOf("POST", "/api/v1/webhooks/stripe"));
        Assert.Equal(RateLimitPolicies.Default, PolicyOf("GET", "/api/v1/videos/events"));
        Assert.Equal(RateLimitPolicies.Default, PolicyOf("GET", "/uploads/{owner}/{name}"));
        Assert.Equal(RateLimitPolicies.Default, PolicyOf("GET", "/ws/videos"));
        Assert.Null(PolicyOf("GET", "/health"));
        Assert.Null(PolicyOf("GET", "/alive"));
        Assert.Null(PolicyOf("GET", "/"));
    }

    [Fact]
    public async Task Decisions_are_counted_by_the_frameworks_rate_limiting_metric()
    {
        var meters = Api.Services.GetRequiredService<IMeterFactory>();
        var results = new ConcurrentQueue<(string? Policy, string? Result)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meters && instrument is { Name: "aspnetcore.rate_limiting.requests", Meter.Name: "Microsoft.AspNetCore.RateLimiting" })
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            string? policy = null, result = null;
            foreach (var tag in tags)
            {
                policy = tag.Key == "aspnetcore.rate_limiting.policy" ? tag.Value as string : policy;
                result = tag.Key == "aspnetcore.rate_limiting.result" ? tag.Value as string : result;
            }

            results.Enqueue((policy, result));
        });
        listener.Start();

        var alice = await CreateUserTokenAsync(Api);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/api/v1/users/credits", alice)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/api/v1/no-such-thing", bearer: null)).StatusCode);
        }

        await AssertRateLimitedAsync(await Client.GetAsync("/api/v1/users/credits", alice), 60);
        await AssertRateLimitedAsync(await Client.GetAsync("/api/v1/no-such-thing", bearer: null), 60);

        // "acquired" is recorded when the request has finished, which may be just after its answer.
        await Eventually.UntilAsync(
            () => Task.FromResult(results.Count(r => r == (RateLimitPolicies.Default, "acquired")) == 3),
            TimeSpan.FromSeconds(10),
            "three requests acquired under the default policy");
        Assert.Single(results, r => r == (RateLimitPolicies.Default, "endpoint_limiter"));
        // The unknown route has no endpoint and so no policy: the global limiter refused it.
        Assert.Single(results, r => r == (null, "global_limiter"));
    }

    private Task<HttpResponseMessage> PostEmptyFormAsync(string path, string? bearer)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new MultipartFormDataContent { { new StringContent("no file here"), "note" } },
        };
        if (bearer is not null)
        {
            request.Headers.Authorization = new("Bearer", bearer);
        }

        return Client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
