using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;

namespace AIVideo.Tests.Api;

/// <summary>The real Api over real Postgres, Redis and Azurite: what it serves besides features.</summary>
public sealed class ApiHostTests(TestServices services) : ApiTestBase(services)
{
    [Fact]
    public async Task Health_is_healthy_when_the_dependencies_answer()
    {
        var response = await Client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"healthy"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_is_degraded_not_unhealthy_when_redis_does_not_answer()
    {
        // Nothing listens on the port. The service works without its cache, so it stays in rotation.
        await using var api = Api.WithWebHostBuilder(builder =>
            builder.UseSetting("ConnectionStrings:cache", $"127.0.0.1:{FreeTcpPort.Next()},connectTimeout=500"));
        using var client = api.CreateClient();

        var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"degraded"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Root_describes_the_api()
    {
        var body = await Client.GetFromJsonAsync<JsonObject>(new Uri("/", UriKind.Relative));

        Assert.Equal("""{"message":"AIVideo.DIY API","version":"1.0.0","docs":"/docs","api":"/api/v1"}""", body!.ToJsonString());
    }

    [Fact]
    public async Task The_openapi_document_is_served()
    {
        var document = await Client.GetFromJsonAsync<JsonObject>(new Uri("/openapi/v1.json", UriKind.Relative));

        Assert.StartsWith("3.", (string?)document!["openapi"], StringComparison.Ordinal);
        Assert.NotNull(document["paths"]!["/"]);
    }

    [Fact]
    public async Task The_interactive_reference_is_served_at_docs_without_any_cdn()
    {
        var page = await Client.GetAsync(new Uri("/docs", UriKind.Relative));
        var script = await Client.GetAsync(new Uri("/docs/scalar.js", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        Assert.DoesNotContain("cdn.", html, StringComparison.Ordinal);
        // Else the page fetches its fonts from Scalar's CDN.
        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Fact]
    public async Task An_unknown_api_route_answers_not_found_in_the_contract_shape()
    {
        var response = await Client.GetAsync(new Uri("/api/v1/no-such-thing", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("""{"detail":"Not Found"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_wrong_method_answers_method_not_allowed_in_the_contract_shape()
    {
        var response = await Client.DeleteAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("""{"detail":"Method Not Allowed"}""", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("http://localhost:3000")]
    [InlineData("http://127.0.0.1:3000")]
    [InlineData("http://localhost:8080")]
    public async Task The_configured_frontend_origins_may_call_with_credentials(string origin)
    {
        var response = await SendPreflightAsync(origin);

        Assert.Equal(origin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", response.Headers.GetValues("Access-Control-Allow-Credentials").Single());
    }

    [Fact]
    public async Task Other_origins_are_not_allowed()
    {
        var response = await SendPreflightAsync("https://evil.example");

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private async Task<HttpResponseMessage> SendPreflightAsync(string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/videos");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return await Client.SendAsync(request);
    }
}
