using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;

namespace AIVideo.Tests.Api;

/// <summary>
/// <c>postman_collection.json</c> (linked from the spec's page) must stay a complete, working
/// description of the Api: every operation of the OpenAPI document is in it and nothing else.
/// </summary>
public sealed partial class PostmanCollectionTests(TestServices services) : ApiTestBase(services)
{
    private static readonly JsonObject s_collection = (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "postman_collection.json")))!;

    [Fact]
    public async Task Every_OpenAPI_operation_is_in_the_collection_and_no_other()
    {
        var response = await Client.GetAsync("/openapi/v1.json", bearer: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var openApi = (await response.ReadJsonAsync())["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => $"{operation.Key.ToUpperInvariant()} {Normalize(path.Key)}"))
            .ToHashSet();
        var collection = Requests(s_collection)
            .Select(request => $"{(string)request["method"]!} {Normalize(UrlPath(request))}")
            .ToHashSet();

        Assert.Empty(openApi.Except(collection).Order());
        Assert.Empty(collection.Except(openApi).Order());
    }

    [Fact]
    public void The_collection_keeps_its_base_url_and_tokens_in_collection_variables()
    {
        var variables = s_collection["variable"]!.AsArray().Select(v => (string)v!["key"]!).ToHashSet();
        Assert.Superset(new HashSet<string> { "base_url", "access_token", "refresh_token", "admin_token" }, variables);

        Assert.All(Requests(s_collection), request =>
            Assert.StartsWith("{{base_url}}", (string)request["url"]!["raw"]!, StringComparison.Ordinal));
    }

    [Fact]
    public void Signing_in_with_a_dev_code_stores_both_tokens()
    {
        var item = Items(s_collection).Single(i => (string?)i["request"]?["url"]?["raw"] == "{{base_url}}/api/v1/auth/google");

        Assert.Contains("\"dev:", (string)item["request"]!["body"]!["raw"]!, StringComparison.Ordinal);
        var script = string.Join('\n', item["event"]!.AsArray()
            .Where(e => (string?)e!["listen"] == "test")
            .SelectMany(e => e!["script"]!["exec"]!.AsArray().Select(line => (string)line!)));
        Assert.Contains("pm.collectionVariables.set(\"access_token\"", script, StringComparison.Ordinal);
        Assert.Contains("pm.collectionVariables.set(\"refresh_token\"", script, StringComparison.Ordinal);
    }

    private static IEnumerable<JsonObject> Items(JsonObject folder) =>
        folder["item"]!.AsArray().Cast<JsonObject>().SelectMany(item => item["item"] is null ? [item] : Items(item));

    private static IEnumerable<JsonObject> Requests(JsonObject collection) => Items(collection).Select(item => item["request"]!.AsObject());

    private static string UrlPath(JsonObject request) =>
        "/" + string.Join('/', request["url"]!["path"]!.AsArray().Select(segment => (string)segment!));

    /// <summary>Both <c>{video_id}</c> (OpenAPI) and <c>:video_id</c> (Postman) become <c>{}</c>.</summary>
    private static string Normalize(string path) => Parameter().Replace(path.TrimEnd('/'), "{}");

    [GeneratedRegex(@"\{[^/}]+\}|:[^/]+")]
    private static partial Regex Parameter();
}
