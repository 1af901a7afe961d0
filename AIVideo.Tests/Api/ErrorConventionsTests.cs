using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AIVideo.Tests.Api;

/// <summary>Every error shape of the contract, provoked through the Api's own conventions.</summary>
public sealed class ErrorConventionsTests : IAsyncLifetime
{
    private ConventionsProbe _probe = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _probe = await ConventionsProbe.StartAsync();
        _client = _probe.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _probe.DisposeAsync();
    }

    [Fact]
    public async Task Body_problems_are_listed_together_with_fastapi_texts()
    {
        var response = await PostJsonAsync("/probe/things", """{"count": 0}""");

        await AssertValidationErrors(response,
            ("body.name", "field required", "value_error.missing"),
            ("body.count", "ensure this value is greater than or equal to 1", "value_error.number.not_ge"));
    }

    [Theory]
    [InlineData("""{"name": "short"}""", "ensure this value has at least 10 characters", "value_error.any_str.min_length")]
    [InlineData("""{"name": "a long enough name", "count": 101}""", "ensure this value is less than or equal to 100", "value_error.number.not_le")]
    public async Task Body_bounds_use_the_contract_texts(string body, string msg, string type)
    {
        var response = await PostJsonAsync("/probe/things", body);

        var error = Assert.Single(await ReadValidationErrors(response));
        Assert.Equal(msg, error.Msg);
        Assert.Equal(type, error.Type);
    }

    [Fact]
    public async Task Too_long_strings_use_the_max_length_text()
    {
        var body = JsonSerializer.Serialize(new { name = new string('x', 501) });

        var response = await PostJsonAsync("/probe/things", body);

        var error = Assert.Single(await ReadValidationErrors(response));
        Assert.Equal("body.name", error.Loc);
        Assert.Equal("ensure this value has at most 500 characters", error.Msg);
        Assert.Equal("value_error.any_str.max_length", error.Type);
    }

    [Theory]
    [InlineData("""{"name": "a long enough name", """)]
    [InlineData("""not json at all""")]
    [InlineData("""{"name": 'single quotes'}""")]
    public async Task Malformed_json_is_a_decode_error_on_the_body(string body)
    {
        var response = await PostJsonAsync("/probe/things", body);

        await AssertValidationErrors(response, ("body", "JSON decode error", "value_error.jsondecode"));
    }

    [Fact]
    public async Task A_wrongly_typed_json_value_is_located_by_its_path()
    {
        var response = await PostJsonAsync("/probe/things", """{"name": "a long enough name", "count": "many"}""");

        await AssertValidationErrors(response, ("body.count", "value is not a valid integer", "type_error.integer"));
    }

    [Fact]
    public async Task A_wrongly_typed_nested_value_carries_array_indexes_in_its_location()
    {
        var response = await PostJsonAsync("/probe/things", """{"name": "a long enough name", "tags": [{"label": "a"}, {"label": 5}]}""");

        var error = Assert.Single(await ReadValidationErrors(response));
        Assert.Equal("body.tags.1.label", error.Loc);
        Assert.Equal("str type expected", error.Msg);
        Assert.Equal("type_error.str", error.Type);
    }

    [Fact]
    public async Task An_empty_body_is_a_missing_body()
    {
        var response = await PostJsonAsync("/probe/things", string.Empty);

        await AssertValidationErrors(response, ("body", "field required", "value_error.missing"));
    }

    [Fact]
    public async Task A_query_value_that_is_not_an_integer_is_a_query_error()
    {
        var response = await _client.GetAsync(new Uri("/probe/things?page=abc", UriKind.Relative));

        await AssertValidationErrors(response, ("query.page", "value is not a valid integer", "type_error.integer"));
    }

    [Fact]
    public async Task Query_bounds_and_enums_are_checked_together()
    {
        var response = await _client.GetAsync(new Uri("/probe/things?page=0&page_size=101&kind=veo", UriKind.Relative));

        await AssertValidationErrors(response,
            ("query.page", "ensure this value is greater than or equal to 1", "value_error.number.not_ge"),
            ("query.page_size", "ensure this value is less than or equal to 100", "value_error.number.not_le"),
            ("query.kind", "value is not a valid enumeration member; permitted: 'sora-2', 'sora-1', 'runway-gen3'", "type_error.enum"));
    }

    [Fact]
    public async Task A_path_value_that_is_not_an_integer_is_a_path_error()
    {
        var response = await _client.GetAsync(new Uri("/probe/things/abc", UriKind.Relative));

        await AssertValidationErrors(response, ("path.thing_id", "value is not a valid integer", "type_error.integer"));
    }

    [Fact]
    public async Task Valid_input_reaches_the_handler()
    {
        var response = await _client.GetAsync(new Uri("/probe/things/42", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("42", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_route_is_not_found()
    {
        var response = await _client.GetAsync(new Uri("/probe/nothing-here", UriKind.Relative));

        await AssertDetail(response, HttpStatusCode.NotFound, "Not Found");
    }

    [Fact]
    public async Task A_wrong_method_is_not_allowed()
    {
        var response = await _client.DeleteAsync(new Uri("/probe/things", UriKind.Relative));

        await AssertDetail(response, HttpStatusCode.MethodNotAllowed, "Method Not Allowed");
    }

    [Fact]
    public async Task An_unhandled_exception_is_a_500_with_a_trace_id_and_nothing_else()
    {
        var response = await _client.GetAsync(new Uri("/probe/boom", UriKind.Relative));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);

        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(["detail", "trace_id"], body.Select(p => p.Key).Order());
        Assert.Equal("Internal server error", (string?)body["detail"]);
        Assert.Matches("^[0-9a-f]{32}$|^[^ ]+$", (string?)body["trace_id"]);
    }

    private Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        _client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task AssertDetail(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(detail, (string?)body!["detail"]);
    }

    private static async Task AssertValidationErrors(HttpResponseMessage response, params (string Loc, string Msg, string Type)[] expected)
    {
        var actual = await ReadValidationErrors(response);
        Assert.Equal(expected, actual.Select(e => (e.Loc, e.Msg, e.Type)));
    }

    /// <summary>Reads a 422 body, joining each <c>loc</c> with dots for compact assertions.</summary>
    private static async Task<IReadOnlyList<(string Loc, string Msg, string Type)>> ReadValidationErrors(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return body!["detail"]!.AsArray()
            .Select(item => (
                string.Join('.', item!["loc"]!.AsArray().Select(part => part!.ToString())),
                (string)item["msg"]!,
                (string)item["type"]!))
            .ToList();
    }
}
