using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static AIVideo.Tests.RateLimiting.RateLimitTestSupport;

namespace AIVideo.Tests.Api;

/// <summary>
/// Every operation of the OpenAPI document, sent what a hostile or broken client sends: bodies that
/// are empty, cut off, of the wrong type or encoding, with wrong JSON types, huge values, unknown or
/// missing fields; path and query values that are not what they should be. Nothing answers a 5xx
/// or changes a table; every malformed body and path is a 4xx in the contract's shape
/// (<c>{"detail": …}</c>). A few requests may be fine as they are, and answer 2xx without changing
/// anything: a query filter given an odd value, a partial update given only unknown fields (ignored,
/// as the contract's original server ignores them) or <c>null</c> for a field it may leave unchanged.
/// </summary>
public sealed class HostileInputTests(TestServices services, EmulatorServer emulator) : ApiTestBase(services, emulator)
{
    private static readonly string s_adminToken = TestTokens.Entra(["AIVideo.Admin"]);

    // No %00: Kestrel refuses a path with a NUL itself (400), and the in-process test client cannot send one.
    private static readonly string[] s_badPathValues =
        ["abc", "-1", "0", "1.5", "99999999999999999999999", "%FF%FE", "..%2F..%2Fetc", new string('9', 4000), "null"];

    private static readonly string[] s_badQueryValues =
        ["", "abc", "-1", "0", "1e400", "99999999999999999999999", "%00", "%FF%FE", "%ED%A0%80", "true", new string('x', 5000)];

    /// <summary>The tables a request could change; read before and after as one fingerprint.</summary>
    private static readonly string[] s_tables =
        ["users", "videos", "credit_transactions", "uploaded_images", "showcase_videos", "trial_images", "outbox_messages", "refresh_tokens"];

    // Limits out of reach: the point is how each request is answered, not how many are allowed.
    protected override IReadOnlyDictionary<string, string?>? Settings => Limits(
        ("Auth", 100_000, "00:01:00"), ("Generate", 100_000, "00:01:00"), ("Upload", 100_000, "00:01:00"), ("Default", 100_000, "00:01:00"));

    [Fact]
    public async Task No_malformed_request_to_any_operation_gets_a_5xx_or_changes_anything()
    {
        var user = await Client.SignInAsDevAsync("mallory@example.com");
        var openApi = await (await Client.GetAsync("/openapi/v1.json", bearer: null)).ReadJsonAsync();
        var before = await FingerprintAsync();

        var failures = new List<string>();
        var sent = 0;
        foreach (var (method, template, operation) in Operations(openApi))
        {
            var bearer = template.StartsWith("/api/v1/admin", StringComparison.Ordinal) ? s_adminToken : user.AccessToken;
            foreach (var (description, request, mustBeRefused) in MalformedRequests(method, template, operation, openApi))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
                using var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);
                sent++;
                if (await ProblemAsync(response, mustBeRefused) is { } problem)
                {
                    failures.Add($"{method} {template} with {description}: {problem}");
                }
            }
        }

        Assert.True(sent > 300, $"Only {sent} requests were sent: the OpenAPI document lost its operations?");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} requests were answered badly:\n{string.Join('\n', failures)}");
        Assert.Equal(before, await FingerprintAsync());
    }

    /// <summary>Null when the answer is a 4xx in the contract's error shape (or a 2xx, where allowed); else what is wrong with it.</summary>
    private static async Task<string?> ProblemAsync(HttpResponseMessage response, bool mustBeRefused)
    {
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300 && !mustBeRefused)
        {
            return null;
        }

        if (status is < 400 or >= 500)
        {
            return $"answered {status}";
        }

        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        try
        {
            return JsonNode.Parse(body) is JsonObject { } json && json["detail"] is JsonValue or JsonArray
                ? null
                : $"answered {status} without a detail: {Shorten(body)}";
        }
        catch (JsonException)
        {
            return $"answered {status} with a body that is not JSON: {Shorten(body)}";
        }
    }

    private static IEnumerable<(string Method, string Template, JsonObject Operation)> Operations(JsonNode openApi) =>
        openApi["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => (Method: operation.Key.ToUpperInvariant(), Template: path.Key, Operation: operation.Value!.AsObject())))
            // The event stream never ends on a valid request; its malformed ones (no token, bad token) are RealtimeAuthTests'.
            .Where(operation => operation.Template != "/api/v1/videos/events");

    private static IEnumerable<(string Description, HttpRequestMessage Request, bool MustBeRefused)> MalformedRequests(string method, string template, JsonObject operation, JsonNode openApi)
    {
        var parameters = operation["parameters"]?.AsArray().Select(p => p!.AsObject()).ToList() ?? [];
        var pathNames = parameters.Where(p => (string?)p["in"] == "path").Select(p => (string)p["name"]!).ToList();
        var queryNames = parameters.Where(p => (string?)p["in"] == "query").Select(p => (string)p["name"]!).ToList();
        var body = operation["requestBody"]?["content"]?.AsObject();

        // A well-formed path, so that what is malformed is the part being tried.
        var validPath = pathNames.Aggregate(template, (path, name) => path.Replace($"{{{name}}}", "1", StringComparison.Ordinal));
        foreach (var name in pathNames)
        {
            foreach (var value in s_badPathValues)
            {
                var path = pathNames.Aggregate(template, (p, n) => p.Replace($"{{{n}}}", n == name ? value : "1", StringComparison.Ordinal));
                yield return ($"path {name}={Shorten(value)}", new HttpRequestMessage(new HttpMethod(method), path) { Content = ValidishBody(body) }, true);
            }
        }

        foreach (var name in queryNames)
        {
            foreach (var value in s_badQueryValues)
            {
                yield return ($"query {name}={Shorten(value)}", new HttpRequestMessage(new HttpMethod(method), $"{validPath}?{name}={value}") { Content = ValidishBody(body) }, false);
            }
        }

        if (body is null)
        {
            yield break;
        }

        foreach (var (description, content, mustBeRefused) in MalformedBodies(body, openApi, isPartialUpdate: method == "PATCH"))
        {
            yield return ($"body {description}", new HttpRequestMessage(new HttpMethod(method), validPath) { Content = content }, mustBeRefused);
        }
    }

    private static IEnumerable<(string Description, HttpContent Content, bool MustBeRefused)> MalformedBodies(JsonObject body, JsonNode openApi, bool isPartialUpdate)
    {
        const string Form = "multipart/form-data; boundary=xyz";
        if (body.ContainsKey("multipart/form-data"))
        {
            yield return ("an empty multipart body", Raw([], Form), true);
            yield return ("multipart without a boundary", Raw("--xyz\r\n"u8.ToArray(), "multipart/form-data"), true);
            yield return ("a part cut off before its closing boundary",
                Raw("--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n\u0089PNG\r\n"u8.ToArray(), Form), true);
            yield return ("a part without headers", Raw("--xyz\r\n\r\nhello\r\n--xyz--\r\n"u8.ToArray(), Form), true);
            yield return ("a form without the file", Raw("--xyz\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nhello\r\n--xyz--\r\n"u8.ToArray(), Form), true);
            yield return ("JSON instead of a form", Raw("""{"file":"x"}"""u8.ToArray(), "application/json"), true);
            yield break;
        }

        yield return ("an empty JSON body", Raw([], "application/json"), true);
        yield return ("cut-off JSON", Raw("""{"prompt": "a ca"""u8.ToArray(), "application/json"), true);
        yield return ("invalid UTF-8", Raw([0xFF, 0xFE, 0x7B, 0x7D], "application/json"), true);
        yield return ("a JSON array", Raw("[]"u8.ToArray(), "application/json"), true);
        yield return ("a JSON string", Raw("\"hello\""u8.ToArray(), "application/json"), true);
        yield return ("JSON null", Raw("null"u8.ToArray(), "application/json"), true);
        yield return ("text/plain", Raw("""{"a":1}"""u8.ToArray(), "text/plain"), true);
        yield return ("form-urlencoded", Raw("a=1&b=2"u8.ToArray(), "application/x-www-form-urlencoded"), true);
        yield return ("deep nesting", Raw(Encoding.ASCII.GetBytes(new string('[', 5000) + new string(']', 5000)), "application/json"), true);
        yield return ("only unknown fields", Json(new JsonObject { ["zzz_unknown"] = 1 }), false);

        // Each declared field alone, with each value its declared type does not allow.
        var schema = Resolve(body["application/json"]?["schema"], openApi);
        foreach (var (field, declared) in schema?["properties"]?.AsObject() ?? [])
        {
            var types = DeclaredTypes(Resolve(declared, openApi));
            yield return ($"{field} as a huge number", Raw(Encoding.UTF8.GetBytes($$"""{"{{field}}": 1e400}"""), "application/json"), true);
            foreach (var (kind, value) in WrongValues(types))
            {
                yield return ($"{field} as {kind}", Json(new JsonObject { [field] = value?.DeepClone() }), true);
            }

            // In a partial update null means "leave unchanged" (docs/api.md); elsewhere it is refused.
            yield return ($"{field} as null", Json(new JsonObject { [field] = null }), !isPartialUpdate);
        }
    }

    /// <summary>The JSON types a property schema allows: <c>type</c> as a word or a list, and <c>null</c> for a nullable one.</summary>
    private static HashSet<string> DeclaredTypes(JsonNode? schema)
    {
        var types = schema?["type"] switch
        {
            JsonArray list => list.Select(t => (string)t!).ToHashSet(),
            JsonValue single => [(string)single!],
            _ => [],
        };
        foreach (var option in (schema?["oneOf"] as JsonArray ?? []).Concat(schema?["anyOf"] as JsonArray ?? []))
        {
            types.UnionWith(DeclaredTypes(option));
        }

        return types;
    }

    private static IEnumerable<(string Kind, JsonNode? Value)> WrongValues(HashSet<string> declared)
    {
        if (!declared.Contains("object"))
        {
            yield return ("an object", new JsonObject { ["a"] = 1 });
        }

        if (!declared.Contains("array"))
        {
            yield return ("an array", new JsonArray(1, 2));
        }

        if (!declared.Contains("boolean"))
        {
            yield return ("a boolean", JsonValue.Create(true));
        }

        if (!declared.Overlaps(["integer", "number"]))
        {
            yield return ("a number", JsonValue.Create(12345));
        }

        if (!declared.Contains("number"))
        {
            yield return ("a fraction", JsonValue.Create(1.5));
        }

        // Strings a string type allows but no text field may hold: past any length limit, a NUL, half a character.
        yield return ("a huge string", JsonValue.Create(new string('x', 200_000)));
        yield return ("a string with a NUL", JsonValue.Create("a\u0000b"));
        yield return ("a lone surrogate", JsonValue.Create("\ud800"));
    }

    /// <summary>Something a body-taking operation reads as a body, so that path and query errors are not hidden behind a missing one.</summary>
    private static ByteArrayContent? ValidishBody(JsonObject? body) =>
        body is null ? null
            : body.ContainsKey("multipart/form-data") ? Raw([], "multipart/form-data; boundary=xyz")
            : Json(new JsonObject());

    private static JsonNode? Resolve(JsonNode? schema, JsonNode openApi) =>
        (string?)schema?["$ref"] is { } reference
            ? openApi["components"]!["schemas"]![reference.Split('/')[^1]]
            : schema;

    private static ByteArrayContent Raw(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    private static ByteArrayContent Json(JsonNode node) => Raw(Encoding.UTF8.GetBytes(node.ToJsonString()), "application/json");

    private static string Shorten(string text) => text.Length <= 60 ? text : $"{text[..60]}… ({text.Length} characters)";

    private async Task<string> FingerprintAsync()
    {
        await using var db = TestDatabases.CreateDbContext(Api.DatabaseConnectionString);
        var parts = new List<string>();
        foreach (var table in s_tables)
        {
            // Table names come from the list above, not from input.
#pragma warning disable EF1002
            var rows = await db.Database.SqlQueryRaw<string>($"SELECT coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') AS \"Value\" FROM {table} t").SingleAsync(TestContext.Current.CancellationToken);
#pragma warning restore EF1002
            parts.Add($"{table}:{rows}");
        }

        return string.Join('\n', parts);
    }
}
