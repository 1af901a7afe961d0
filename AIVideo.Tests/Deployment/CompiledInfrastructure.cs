using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AIVideo.Tests.Infrastructure;

namespace AIVideo.Tests.Deployment;

/// <summary>
/// infra/main.bicep compiled to the ARM template azd deploys, by the Bicep CLI scripts/validate-bicep.sh
/// uses (scripts/bicep.sh fetches it from NuGet on first use), and azure.yaml's service names.
/// </summary>
internal static partial class CompiledInfrastructure
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);
    private static readonly Lazy<JsonObject> s_main = new(Compile);

    public static JsonObject Main => s_main.Value;

    /// <summary>Every resource of the template and of the templates it deploys (modules), depth first.</summary>
    public static IEnumerable<JsonObject> Resources(JsonObject template)
    {
        var resources = template["resources"] switch
        {
            JsonArray array => array.Select(r => r!.AsObject()),
            JsonObject symbolic => symbolic.Select(r => r.Value!.AsObject()),
            _ => [],
        };
        foreach (var resource in resources)
        {
            yield return resource;
            if (resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in Resources(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>The template of the module deployment named <paramref name="name"/>.</summary>
    public static JsonObject Module(string name) =>
        Resources(Main).Single(r => (string?)r["type"] == "Microsoft.Resources/deployments" && (string?)r["name"] == name)["properties"]!["template"]!.AsObject();

    public static IReadOnlyList<JsonObject> OfType(string type) =>
        [.. Resources(Main).Where(r => (string?)r["type"] == type)];

    /// <summary>The container app azd deploys the service into: the one tagged <c>azd-service-name: {service}</c>.</summary>
    public static JsonObject App(string service) =>
        OfType("Microsoft.App/containerApps").Single(app => ServiceTag(app) == service);

    public static string? ServiceTag(JsonObject resource) => (string?)resource["tags"]?["azd-service-name"];

    public static JsonObject Container(JsonObject appOrJob) =>
        appOrJob["properties"]!["template"]!["containers"]!.AsArray().Single()!.AsObject();

    /// <summary>The container's environment variables by name: each a <c>value</c> or a <c>secretRef</c>.</summary>
    public static Dictionary<string, JsonObject> Env(JsonObject appOrJob) =>
        Container(appOrJob)["env"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => e!.AsObject(), StringComparer.Ordinal);

    public static string[] StringArray(JsonNode? node) => [.. node!.AsArray().Select(n => (string)n!)];

    /// <summary>The service names of azure.yaml (the keys under <c>services:</c>).</summary>
    public static string[] AzureYamlServices()
    {
        var yaml = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "azure.yaml"));
        var services = Regex.Match(yaml, @"^services:\n(?<body>(?:(?:  .*)?\n)*)", RegexOptions.Multiline).Groups["body"].Value;
        return [.. ServiceKey().Matches(services).Select(m => m.Groups["name"].Value)];
    }

    private static JsonObject Compile()
    {
        var root = RepositoryRoot.Find();
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "scripts", "bicep.sh"), "build", Path.Combine(root, "infra", "main.bicep"), "--stdout"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(s_timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"scripts/bicep.sh build infra/main.bicep did not finish within {s_timeout}.");
        }

        return process.ExitCode == 0
            ? JsonNode.Parse(stdout.Result)!.AsObject()
            : throw new InvalidOperationException($"scripts/bicep.sh build infra/main.bicep exited {process.ExitCode}: {stderr.Result}");
    }

    [GeneratedRegex(@"^  (?<name>[a-z0-9-]+):\s*$", RegexOptions.Multiline)]
    private static partial Regex ServiceKey();
}
