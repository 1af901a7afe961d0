using System.Net;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;

namespace AIVideo.Tests.Users;

public sealed class ProfileAndCreditsTests(TestServices services, EmulatorServer emulator) : ApiTestBase(services, emulator)
{
    private SignedIn _tokens = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _tokens = await Client.SignInAsDevAsync("nora@example.com", "Nora");
    }

    [Fact]
    public async Task Profile_and_me_are_the_same_object()
    {
        var profile = await (await Client.GetAsync("/api/v1/users/profile", _tokens.AccessToken)).ReadJsonAsync();
        var me = await (await Client.GetAsync("/api/v1/auth/me", _tokens.AccessToken)).ReadJsonAsync();

        Assert.Equal(me.ToJsonString(), profile.ToJsonString());
    }

    [Fact]
    public async Task Patch_changes_only_the_fields_sent()
    {
        var response = await PatchAsync(new { avatar_url = "https://cdn.example.com/nora.png" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("Nora", (string?)body["name"]);
        Assert.Equal("https://cdn.example.com/nora.png", (string?)body["avatar_url"]);

        body = await (await PatchAsync(new { name = "Nora B." })).ReadJsonAsync();
        Assert.Equal("Nora B.", (string?)body["name"]);
        Assert.Equal("https://cdn.example.com/nora.png", (string?)body["avatar_url"]);
    }

    public static TheoryData<string, string, string, string> InvalidPatches => new()
    {
        { """{"name": ""}""", "body.name", "ensure this value has at least 1 characters", "value_error.any_str.min_length" },
        { $$"""{"name": "{{new string('n', 101)}}"}""", "body.name", "ensure this value has at most 100 characters", "value_error.any_str.max_length" },
        { """{"avatar_url": "http://cdn.example.com/a.png"}""", "body.avatar_url", "invalid or missing URL scheme; an absolute https URL is required", "value_error.url.scheme" },
        { """{"avatar_url": "/uploads/me.png"}""", "body.avatar_url", "invalid or missing URL scheme; an absolute https URL is required", "value_error.url.scheme" },
        { $$"""{"avatar_url": "https://cdn.example.com/{{new string('a', 480)}}"}""", "body.avatar_url", "ensure this value has at most 500 characters", "value_error.any_str.max_length" },
        { """{"name": 42}""", "body.name", "str type expected", "type_error.str" },
    };

    [Theory]
    [MemberData(nameof(InvalidPatches))]
    public async Task Invalid_patches_are_refused_and_change_nothing(string json, string loc, string msg, string type)
    {
        var response = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, "/api/v1/users/profile")
        {
            Headers = { Authorization = new("Bearer", _tokens.AccessToken) },
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = Assert.Single((await response.ReadJsonAsync())["detail"]!.AsArray());
        Assert.Equal(loc, string.Join('.', error!["loc"]!.AsArray().Select(p => (string?)p)));
        Assert.Equal(msg, (string?)error["msg"]);
        Assert.Equal(type, (string?)error["type"]);
        var profile = await (await Client.GetAsync("/api/v1/users/profile", _tokens.AccessToken)).ReadJsonAsync();
        Assert.Equal("Nora", (string?)profile["name"]);
    }

    [Fact]
    public async Task Credits_answer_with_the_balance_and_user_id()
    {
        var profile = await (await Client.GetAsync("/api/v1/users/profile", _tokens.AccessToken)).ReadJsonAsync();

        var credits = await (await Client.GetAsync("/api/v1/users/credits", _tokens.AccessToken)).ReadJsonAsync();

        Assert.Equal($$"""{"credits":100.0,"user_id":{{(long)profile["id"]!}}}""", credits.ToJsonString());
    }

    [Fact]
    public async Task Credit_history_lists_the_ledger_newest_first()
    {
        var history = await (await Client.GetAsync("/api/v1/users/credits/history?page=1&page_size=10", _tokens.AccessToken)).ReadJsonAsync();

        Assert.Equal(1, (int?)history["total"]);
        Assert.Equal(1, (int?)history["page"]);
        Assert.Equal(10, (int?)history["page_size"]);
        var entry = Assert.Single(history["transactions"]!.AsArray())!.AsObject();
        Assert.Equal(["id", "amount", "reason", "video_id", "balance_after", "created_at"], entry.Select(p => p.Key));
        Assert.Equal("signup_grant", (string?)entry["reason"]);
        Assert.Equal("100.0", entry["amount"]!.ToJsonString());
        Assert.Null(entry["video_id"]);
    }

    [Theory]
    [InlineData("page=0", "query.page")]
    [InlineData("page_size=101", "query.page_size")]
    [InlineData("page=x", "query.page")]
    public async Task Credit_history_paging_is_validated(string query, string loc)
    {
        var response = await Client.GetAsync($"/api/v1/users/credits/history?{query}", _tokens.AccessToken);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = Assert.Single((await response.ReadJsonAsync())["detail"]!.AsArray());
        Assert.Equal(loc, string.Join('.', error!["loc"]!.AsArray().Select(p => (string?)p)));
    }

    private Task<HttpResponseMessage> PatchAsync(object body) =>
        Client.SendAsync(HttpMethod.Patch, "/api/v1/users/profile", _tokens.AccessToken, body);
}
