using System.Net;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using static AIVideo.Tests.RateLimiting.RateLimitTestSupport;

namespace AIVideo.Tests.RateLimiting;

/// <summary>
/// Whose address a request is counted under, over a real socket (the in-memory test server has no
/// peer address): X-Forwarded-For counts only when the peer is a configured proxy.
/// </summary>
public sealed class ClientAddressTests(TestServices services)
{
    private const string ModelsPath = "/api/v1/videos/models/list";

    [Fact]
    public async Task A_forwarded_address_from_an_untrusted_peer_does_not_change_the_counter()
    {
        var settings = Limits(("Default", 3, "00:01:00"));
        // A proxy elsewhere is trusted, so the loopback peer of this test is not.
        settings["ForwardedHeaders:KnownProxies:0"] = "192.0.2.10";
        await using var api = await StartAsync(settings);
        using var client = new HttpClient { BaseAddress = api.ClientOptions.BaseAddress };

        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await GetAsFromAsync(client, $"203.0.113.{i}")).StatusCode);
        }

        await AssertRateLimitedAsync(await GetAsFromAsync(client, "203.0.113.200"), 60);
    }

    [Fact]
    public async Task A_forwarded_address_from_a_trusted_proxy_is_the_client_address()
    {
        var settings = Limits(("Default", 3, "00:01:00"));
        settings["ForwardedHeaders:KnownNetworks:0"] = "127.0.0.0/8";
        settings["ForwardedHeaders:KnownNetworks:1"] = "::1/128";
        await using var api = await StartAsync(settings);
        using var client = new HttpClient { BaseAddress = api.ClientOptions.BaseAddress };

        // Five clients behind the proxy, one request each: nobody is over the limit.
        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await GetAsFromAsync(client, $"203.0.113.{i}")).StatusCode);
        }

        // One client behind the proxy, over its own limit.
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await GetAsFromAsync(client, "203.0.113.1")).StatusCode);
        }

        await AssertRateLimitedAsync(await GetAsFromAsync(client, "203.0.113.1"), 60);
        Assert.Equal(HttpStatusCode.OK, (await GetAsFromAsync(client, "203.0.113.6")).StatusCode);
    }

    private async Task<ApiFactory> StartAsync(Dictionary<string, string?> settings)
    {
        var api = await ApiFactory.CreateAsync(services, settings: settings);
        api.UseKestrel(0);
        api.StartServer();
        return api;
    }

    private static Task<HttpResponseMessage> GetAsFromAsync(HttpClient client, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, ModelsPath);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
