using System.Net;
using AIVideo.Tests.Support;

namespace AIVideo.Tests.Auth;

/// <summary>The Emulator answers like Google's OAuth endpoints, so the Api's client is exercised for real.</summary>
public sealed class GoogleEmulatorTests(EmulatorServer emulator) : IDisposable
{
    private readonly HttpClient _client = new() { BaseAddress = emulator.BaseAddress };

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task A_dev_code_yields_a_token_whose_userinfo_names_that_person()
    {
        var token = await ExchangeAsync("dev:Zoe@Example.com:Zoe Quinn");
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        var accessToken = (string)(await token.ReadJsonAsync())["access_token"]!;

        var info = await (await _client.GetAsync("/google/userinfo", accessToken)).ReadJsonAsync();

        Assert.Equal("zoe@example.com", (string?)info["email"]);
        Assert.Equal("Zoe Quinn", (string?)info["name"]);
        Assert.True((bool?)info["email_verified"]);
        Assert.Matches("^[0-9]{21}$", (string?)info["sub"]);
    }

    [Fact]
    public async Task The_subject_is_stable_per_email_and_differs_between_emails()
    {
        var first = await SubjectAsync("dev:sam@example.com");
        var again = await SubjectAsync("dev:sam@example.com:Samuel");
        var other = await SubjectAsync("dev:samantha@example.com");

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Theory]
    [InlineData("4/0AX4XfWhq-real-looking-code")]
    [InlineData("dev:")]
    [InlineData("dev:not-an-email")]
    public async Task Any_other_code_is_refused_as_google_refuses_it(string code)
    {
        var response = await ExchangeAsync(code);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant", (string?)(await response.ReadJsonAsync())["error"]);
    }

    [Fact]
    public async Task Userinfo_refuses_a_token_it_did_not_issue()
    {
        var response = await _client.GetAsync("/google/userinfo", "ya29.not-ours");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private Task<HttpResponseMessage> ExchangeAsync(string code) =>
        _client.PostAsync(new Uri("/google/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["code"] = code,
            ["client_id"] = "client",
            ["client_secret"] = "secret",
            ["redirect_uri"] = ApiFactory.GoogleRedirectUri,
            ["grant_type"] = "authorization_code",
        }));

    private async Task<string?> SubjectAsync(string code)
    {
        var accessToken = (string)(await (await ExchangeAsync(code)).ReadJsonAsync())["access_token"]!;
        return (string?)(await (await _client.GetAsync("/google/userinfo", accessToken)).ReadJsonAsync())["sub"];
    }
}
