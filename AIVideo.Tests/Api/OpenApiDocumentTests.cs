using System.Text.Json.Nodes;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AIVideo.Tests.Api;

/// <summary>
/// The OpenAPI document lists the answers each operation can give, refusals included: 401 wherever
/// a token is required, 403 for admins, 402 where credits can run short, 422 where there is input
/// to refuse, 429 wherever the rate limiter counts (everything under <c>/api/v1</c>).
/// </summary>
public sealed class OpenApiDocumentTests(TestServices services) : ApiTestBase(services)
{
    [Fact]
    public async Task Generate_lists_every_answer_it_can_give()
    {
        var operation = (await ReadDocumentAsync())["paths"]!["/api/v1/videos/generate"]!["post"]!;

        Assert.Superset(new HashSet<string> { "201", "401", "402", "409", "422", "429" }, Statuses(operation));
    }

    [Fact]
    public async Task Retry_lists_payment_required_and_not_found()
    {
        var operation = (await ReadDocumentAsync())["paths"]!["/api/v1/videos/{video_id}/retry"]!["post"]!;

        Assert.Superset(new HashSet<string> { "200", "400", "401", "402", "404", "422", "429" }, Statuses(operation));
    }

    [Fact]
    public async Task Every_operation_that_requires_a_token_lists_401_and_admin_ones_403()
    {
        var operations = OperationsById(await ReadDocumentAsync());
        var authorized = Api.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Where(e => e.Metadata.GetMetadata<IAuthorizeData>() is not null && e.Metadata.GetMetadata<IEndpointNameMetadata>() is not null)
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .ToList();

        Assert.True(authorized.Count > 20, $"Only {authorized.Count} endpoints require a token?");
        Assert.All(authorized, endpoint =>
        {
            var name = endpoint.Metadata.GetRequiredMetadata<IEndpointNameMetadata>().EndpointName;
            Assert.True(operations.TryGetValue(name, out var operation), $"{name} is not in the OpenAPI document.");
            Assert.Contains("401", Statuses(operation!));
            if (((RouteEndpoint)endpoint).RoutePattern.RawText!.StartsWith("/api/v1/admin", StringComparison.Ordinal))
            {
                Assert.Contains("403", Statuses(operation!));
            }
        });
    }

    [Fact]
    public async Task Every_rate_limited_operation_lists_429()
    {
        var paths = (await ReadDocumentAsync())["paths"]!.AsObject();

        var limited = paths.Where(p => p.Key.StartsWith("/api/v1/", StringComparison.Ordinal) || p.Key.StartsWith("/uploads/", StringComparison.Ordinal))
            .SelectMany(p => p.Value!.AsObject().Select(o => (Operation: $"{o.Key} {p.Key}", Statuses: Statuses(o.Value!))))
            .ToList();

        Assert.NotEmpty(limited);
        Assert.All(limited, o => Assert.True(o.Statuses.Contains("429"), $"{o.Operation} does not list 429."));
    }

    [Fact]
    public async Task Only_operations_that_take_input_list_422()
    {
        var paths = (await ReadDocumentAsync())["paths"]!;

        Assert.Contains("422", Statuses(paths["/api/v1/videos/{video_id}"]!["get"]!));
        Assert.Contains("422", Statuses(paths["/api/v1/users/profile"]!["patch"]!));
        Assert.Contains("422", Statuses(paths["/api/v1/showcase/videos"]!["get"]!));
        Assert.DoesNotContain("422", Statuses(paths["/api/v1/users/profile"]!["get"]!));
        Assert.DoesNotContain("422", Statuses(paths["/api/v1/videos/models/list"]!["get"]!));
    }

    private async Task<JsonNode> ReadDocumentAsync() => await (await Client.GetAsync("/openapi/v1.json", bearer: null)).ReadJsonAsync();

    private static Dictionary<string, JsonNode> OperationsById(JsonNode document) =>
        document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => operation.Value!))
            .Where(operation => operation["operationId"] is not null)
            .ToDictionary(operation => (string)operation["operationId"]!);

    private static HashSet<string> Statuses(JsonNode operation) =>
        operation["responses"]?.AsObject().Select(r => r.Key).ToHashSet() ?? [];
}
