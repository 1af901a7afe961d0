using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.RateLimiting;
using AIVideo.Tests.Support;
using SkiaSharp;

namespace AIVideo.Tests.Api;

/// <summary>
/// Security headers, server limits and JSON caps. Kestrel's limits and its banner exist only on a
/// real socket, so those tests use a second Api listening on a loopback port.
/// </summary>
public sealed class HardeningTests(TestServices services) : ApiTestBase(services)
{
    private ApiFactory _kestrelApi = null!;
    private HttpClient _socketClient = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _kestrelApi = await ApiFactory.CreateAsync(Services);
        _kestrelApi.UseKestrel(0);
        _kestrelApi.StartServer();
        _socketClient = new HttpClient { BaseAddress = _kestrelApi.ClientOptions.BaseAddress };
    }

    public override async ValueTask DisposeAsync()
    {
        _socketClient.Dispose();
        await _kestrelApi.DisposeAsync();
        await base.DisposeAsync();
    }

    [Theory]
    [InlineData("/api/v1/videos/models/list", HttpStatusCode.OK)]
    [InlineData("/api/v1/no-such-route", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/users/credits", HttpStatusCode.Unauthorized)]
    [InlineData("/health", HttpStatusCode.OK)]
    public async Task Every_response_carries_the_security_headers_and_no_server_banner(string path, HttpStatusCode status)
    {
        var response = await _socketClient.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.False(response.Headers.Contains("Server"), "Kestrel should not announce itself.");
        // Plain HTTP: no HSTS (it is only ever sent over HTTPS).
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Over_https_responses_carry_hsts()
    {
        using var client = Api.CreateClient(new() { BaseAddress = new Uri("https://api.aivideo.test") });

        var response = await client.GetAsync("/api/v1/videos/models/list", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=31536000; includeSubDomains", response.Headers.GetValues("Strict-Transport-Security").Single());
    }

    [Fact]
    public async Task The_interactive_docs_still_render()
    {
        var response = await Client.GetAsync("/docs/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<script", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.OrdinalIgnoreCase);
        // The only policy is "no framing": Scalar's inline scripts and styles are not blocked.
        Assert.Equal("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task A_served_upload_keeps_its_own_sandboxing_policy()
    {
        var token = await RateLimitTestSupport.CreateUserTokenAsync(Api);
        using var file = new ByteArrayContent(TestImages.Solid(8, 8, SKColors.Teal));
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var form = new MultipartFormDataContent { { file, "file", "a.png" } };
        using var upload = new HttpRequestMessage(HttpMethod.Post, "/api/v1/upload/image") { Content = form };
        upload.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var uploaded = await Client.SendAsync(upload, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);

        var served = await Client.GetAsync((string)(await uploaded.ReadJsonAsync())["file_path"]!, bearer: null);

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("default-src 'none'; sandbox", served.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", served.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_the_contract_body()
    {
        var body = $$"""{"refresh_token": "x", "padding": "{{new string('a', 2 * 1024 * 1024)}}"}""";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        var response = await _socketClient.PostAsync("/api/v1/auth/refresh", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("Request body too large", await response.ReadDetailAsync());
    }

    [Fact]
    public async Task Oversized_headers_are_refused_with_the_contract_body()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/videos/models/list");
        request.Headers.Add("X-Padding", new string('a', 20 * 1024));

        var response = await _socketClient.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        Assert.Equal("Request header fields too large", await response.ReadDetailAsync());
    }

    [Fact]
    public async Task Headers_past_kestrels_limit_are_refused_before_the_application()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/videos/models/list");
        request.Headers.Add("X-Padding", new string('a', 48 * 1024));

        var response = await _socketClient.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Normal_headers_pass()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/videos/models/list");
        request.Headers.Add("X-Padding", new string('a', 8 * 1024));

        var response = await _socketClient.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Too_deep_json_is_a_json_decode_error()
    {
        // 40 levels: within System.Text.Json's default of 64, beyond the Api's 32.
        var body = $$"""{"refresh_token": "x", "nested": {{new string('[', 40)}}{{new string(']', 40)}}}""";

        var response = await PostJsonAsync("/api/v1/auth/refresh", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var item = (await response.ReadJsonAsync())["detail"]![0]!;
        Assert.Equal("""["body"]""", item["loc"]!.ToJsonString());
        Assert.Equal("JSON decode error", (string?)item["msg"]);
        Assert.Equal("value_error.jsondecode", (string?)item["type"]);
    }

    [Fact]
    public async Task A_json_string_over_the_cap_is_a_max_length_error()
    {
        // Refused while reading, before the field's own (smaller) maximum is even checked.
        var response = await PostJsonAsync("/api/v1/auth/refresh", new JsonObject { ["refresh_token"] = new string('a', 10_001) }.ToJsonString());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var item = (await response.ReadJsonAsync())["detail"]![0]!;
        Assert.Equal("""["body","refresh_token"]""", item["loc"]!.ToJsonString());
        Assert.Equal("ensure this value has at most 10000 characters", (string?)item["msg"]);
        Assert.Equal("value_error.any_str.max_length", (string?)item["type"]);
    }

    [Fact]
    public async Task Json_within_the_caps_reaches_the_handler()
    {
        // 4096 characters is the refresh token's own maximum.
        var body = $$"""{"refresh_token": "{{new string('a', 4096)}}", "nested": {{new string('[', 20)}}{{new string(']', 20)}}}""";

        var response = await PostJsonAsync("/api/v1/auth/refresh", body);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Invalid refresh token", await response.ReadDetailAsync());
    }

    [Fact]
    public async Task A_wrongly_typed_string_is_still_reported_as_before()
    {
        var response = await PostJsonAsync("/api/v1/auth/refresh", """{"refresh_token": 42}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var item = (await response.ReadJsonAsync())["detail"]![0]!;
        Assert.Equal("""["body","refresh_token"]""", item["loc"]!.ToJsonString());
        Assert.Equal("str type expected", (string?)item["msg"]);
    }

    private Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
}
