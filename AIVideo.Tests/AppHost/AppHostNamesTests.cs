extern alias worker;

using System.Text.RegularExpressions;
using AIVideo.Api.Auth;
using AIVideo.Api.Migrate;
using AIVideo.Core.Hosting;
using AIVideo.Core.Media;
using AIVideo.Core.Videos;
using AIVideo.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using ProviderCredentialsOptions = worker::AIVideo.Worker.Providers.ProviderCredentialsOptions;

namespace AIVideo.Tests.AppHost;

/// <summary>
/// The AppHost cannot be built here (no Aspire packages), so its resource names are checked in its
/// source: each must be the configuration key the services read, or the services would start
/// under the AppHost and in Azure without their connections.
/// </summary>
public sealed partial class AppHostNamesTests
{
    private static readonly string s_source = File.ReadAllText(
        Path.Combine(RepositoryRoot.Find(), "AIVideo.AppHost", "Program.cs"));

    [Theory]
    [InlineData("AddDatabase", ConnectionNames.Database)]
    [InlineData("AddAzureRedis", ConnectionNames.Cache)]
    [InlineData("AddBlobs", ConnectionNames.Blobs)]
    [InlineData("AddQueues", ConnectionNames.Queues)]
    public void Connection_resources_are_named_after_the_connection_strings_the_services_read(string method, string connectionName) =>
        Assert.Equal([connectionName], Arguments(method));

    [Fact]
    public void The_emulator_resource_is_the_service_the_model_catalog_discovers()
    {
        // services:videomodel:http:0 → the resource "videomodel", endpoint "http".
        var parts = VideoModelCatalog.EmulatorKey.Split(':');
        Assert.Contains($"AddProject<Projects.AIVideo_Emulator>(\"{parts[1]}\")", s_source, StringComparison.Ordinal);
        Assert.Contains($"GetEndpoint(\"{parts[2]}\")", s_source, StringComparison.Ordinal);
    }

    [Fact]
    public void Migrations_run_the_api_migrate_command() =>
        Assert.Equal([MigrateCommand.Name], Arguments("WithArgs"));

    [Fact]
    public void The_worker_scales_on_the_jobs_queue() =>
        Assert.Contains($"[\"queueName\"] = \"{new VideoQueueOptions().Jobs}\"", s_source, StringComparison.Ordinal);

    [Fact]
    public void Secrets_reach_the_options_the_api_and_worker_bind()
    {
        string[] keys =
        [
            Env(JwtOptions.SectionName, nameof(JwtOptions.SigningKey)),
            Env(GoogleOptions.SectionName, nameof(GoogleOptions.ClientId)),
            Env(GoogleOptions.SectionName, nameof(GoogleOptions.ClientSecret)),
            Env(GoogleOptions.SectionName, nameof(GoogleOptions.TokenEndpoint)),
            Env(GoogleOptions.SectionName, nameof(GoogleOptions.UserInfoEndpoint)),
            $"{ProviderCredentialsOptions.SectionName}__{{kind}}__{nameof(ProviderCredentialsOptions.ApiKey)}",
            $"{VideoModelCatalog.SectionName}__{{model}}__{nameof(VideoModelOptions.Endpoint)}",
        ];

        Assert.All(keys, key => Assert.Contains($"WithEnvironment(\"{key}\"", s_source.Replace("WithEnvironment($\"", "WithEnvironment(\"", StringComparison.Ordinal), StringComparison.Ordinal));
    }

    [Fact]
    public void Every_provider_kind_is_configured_for_the_model_it_serves()
    {
        var catalog = new VideoModelCatalog(new ConfigurationBuilder().Build());
        var providers = ProviderTuple().Matches(s_source).ToDictionary(m => m.Groups["kind"].Value, m => m.Groups["model"].Value);

        Assert.Equal(ProviderKinds.All.Order(), providers.Keys.Order());
        Assert.All(providers, p => Assert.Equal(p.Key, catalog.Find(p.Value)!.Options.Provider));
    }

    [Fact]
    public void Every_secret_parameter_is_a_secure_parameter_of_the_checked_in_infrastructure()
    {
        var infra = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "infra", "main.bicep"));
        Assert.Contains("AddParameter($\"{kind}-api-key\", secret: true)", s_source, StringComparison.Ordinal);
        string[] secrets =
        [
            .. SecretParameter().Matches(s_source).Select(m => m.Groups["name"].Value),
            .. ProviderKinds.All.Select(kind => $"{kind}-api-key"),
        ];

        Assert.Equal(6, secrets.Length);
        // Aspire names the Bicep parameter of an AppHost parameter "a-b" "a_b" (NormalizeBicepIdentifier).
        Assert.All(secrets, name => Assert.Matches(
            $@"@secure\(\)\s*(@description\('[^']*'\)\s*)?param {name.Replace('-', '_')} string", infra));
    }

    [Fact]
    public void The_infrastructure_creates_the_containers_and_queues_core_uses()
    {
        var resources = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "infra", "resources.bicep"));
        var queues = new VideoQueueOptions();

        Assert.Equal(MediaContainers.All, BicepArray(resources, "blobContainers"));
        Assert.Equal([queues.Jobs, queues.Poison], BicepArray(resources, "queueNames"));
    }

    /// <summary>The string items of <c>var {name} = ['a', 'b']</c>.</summary>
    private static string[] BicepArray(string bicep, string name) =>
        [.. Regex.Matches(Regex.Match(bicep, $@"var {name} = \[(?<items>[^\]]*)\]").Groups["items"].Value, "'(?<item>[^']*)'")
            .Select(m => m.Groups["item"].Value)];

    private static string Env(string section, string key) => $"{section}__{key}";

    /// <summary>The string literal arguments of every call to <paramref name="method"/>.</summary>
    private static string[] Arguments(string method) =>
        [.. Regex.Matches(s_source, $@"\.{method}(?:<[^>]+>)?\(""(?<name>[^""]+)""").Select(m => m.Groups["name"].Value)];

    [GeneratedRegex("""AddParameter\("(?<name>[a-z0-9-]+)", secret: true\)""")]
    private static partial Regex SecretParameter();

    [GeneratedRegex("""\("(?<model>[a-z0-9-]+)", "(?<kind>[a-z-]+)"\)""")]
    private static partial Regex ProviderTuple();
}
