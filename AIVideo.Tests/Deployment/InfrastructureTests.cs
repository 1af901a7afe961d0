extern alias worker;

using AIVideo.Api.Auth;
using AIVideo.Api.Infrastructure.Cors;
using AIVideo.Api.Infrastructure.Hardening;
using AIVideo.Api.Migrate;
using AIVideo.Api.Payments;
using AIVideo.Core.Hosting;
using AIVideo.Core.Media;
using AIVideo.Core.Videos;
using AIVideo.Tests.Support;
using Microsoft.Extensions.Configuration;
using ProviderCredentialsOptions = worker::AIVideo.Worker.Providers.ProviderCredentialsOptions;
using static AIVideo.Tests.Deployment.CompiledInfrastructure;

namespace AIVideo.Tests.Deployment;

/// <summary>
/// What azd deploys is infra/ (compiled here by the Bicep CLI) plus azure.yaml. Each configuration
/// key below comes from the code that reads it, so renaming an option or adding a model, provider,
/// container or queue fails here until infra/ follows.
/// </summary>
public sealed class InfrastructureTests
{
    private static readonly string[] s_modelIds = [.. new VideoModelCatalog(new ConfigurationBuilder().Build()).Ids];

    private static readonly string[] s_modelEndpoints =
        [.. s_modelIds.Select(id => $"{VideoModelCatalog.SectionName}__{id}__{nameof(VideoModelOptions.Endpoint)}")];

    private static readonly string[] s_providerKeys =
        [.. ProviderKinds.All.Select(kind => $"{ProviderCredentialsOptions.SectionName}__{kind}__{nameof(ProviderCredentialsOptions.ApiKey)}")];

    /// <summary>Keys whose values are secrets: they must come from Key Vault, never as plain values.</summary>
    private static readonly string[] s_secretKeys =
    [
        Connection(ConnectionNames.Database),
        Connection(ConnectionNames.DatabaseAdmin),
        Connection(ConnectionNames.Cache),
        Key(JwtOptions.SectionName, nameof(JwtOptions.SigningKey)),
        Key(GoogleOptions.SectionName, nameof(GoogleOptions.ClientId)),
        Key(GoogleOptions.SectionName, nameof(GoogleOptions.ClientSecret)),
        Key(StripeOptions.SectionName, nameof(StripeOptions.SecretKey)),
        Key(StripeOptions.SectionName, nameof(StripeOptions.WebhookSecret)),
        .. s_providerKeys,
    ];

    [Fact]
    public void Every_container_app_carries_the_name_of_an_azure_yaml_service()
    {
        var apps = OfType("Microsoft.App/containerApps");

        Assert.Equal(["api", "worker"], AzureYamlServices().Order(StringComparer.Ordinal));
        Assert.Equal(AzureYamlServices().Order(StringComparer.Ordinal), apps.Select(ServiceTag).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_api_gets_every_key_it_reads()
    {
        string[] keys =
        [
            .. StorageAndIdentity(),
            Connection(ConnectionNames.Cache),
            Key(JwtOptions.SectionName, nameof(JwtOptions.SigningKey)),
            Key(GoogleOptions.SectionName, nameof(GoogleOptions.ClientId)),
            Key(GoogleOptions.SectionName, nameof(GoogleOptions.ClientSecret)),
            Key(GoogleOptions.SectionName, nameof(GoogleOptions.AllowedRedirectUris), "0"),
            Key(ApiCorsOptions.SectionName, nameof(ApiCorsOptions.AllowedOrigins), "0"),
            Key(TrustedProxyOptions.SectionName, nameof(TrustedProxyOptions.KnownNetworks), "0"),
            Key(StripeOptions.SectionName, nameof(StripeOptions.PublishableKey)),
            Key(PaymentsOptions.SectionName, nameof(PaymentsOptions.CreditsPack), nameof(PaymentProductOptions.StripePriceId)),
            .. ShippedPlanIds().Select(plan => Key(PaymentsOptions.SectionName, nameof(PaymentsOptions.Plans), plan, nameof(PaymentProductOptions.StripePriceId))),
            .. ProductionSettings.Required.Keys.Select(ProductionSettings.EnvironmentVariable),
            .. s_modelEndpoints,
        ];

        Assert.Subset(Env(App("api")).Keys.ToHashSet(), keys.ToHashSet());
    }

    [Fact]
    public void The_worker_gets_every_key_it_reads()
    {
        string[] keys = [.. StorageAndIdentity(), Connection(ConnectionNames.Cache), .. s_providerKeys, .. s_modelEndpoints];

        Assert.Subset(Env(App("worker")).Keys.ToHashSet(), keys.ToHashSet());
    }

    [Fact]
    public void The_migrations_job_runs_the_api_image_with_the_migrate_command()
    {
        var job = OfType("Microsoft.App/jobs").Single();

        Assert.Equal("Manual", (string?)job["properties"]!["configuration"]!["triggerType"]);
        Assert.Equal([MigrateCommand.Name], StringArray(Container(job)["args"]));
        Assert.Equal((string?)Container(App("api"))["image"], (string?)Container(job)["image"]);
        Assert.Subset(Env(job).Keys.ToHashSet(), StorageAndIdentity().ToHashSet());
    }

    [Fact]
    public void Each_app_runs_as_its_own_identity()
    {
        var clientIds = new[] { App("api"), App("worker"), OfType("Microsoft.App/jobs").Single() }
            .Select(app => (string?)Env(app)["AZURE_CLIENT_ID"]["value"]).ToArray();

        Assert.All(clientIds, Assert.NotNull);
        Assert.Equal(clientIds.Length, clientIds.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Secrets_come_from_key_vault_only()
    {
        var vaultSecrets = StringArray(Module("resources")["variables"]!["secretNames"]);
        foreach (var app in OfType("Microsoft.App/containerApps").Append(OfType("Microsoft.App/jobs").Single()))
        {
            var secrets = app["properties"]!["configuration"]!["secrets"]!.AsArray().Select(s => s!.AsObject()).ToArray();
            Assert.All(secrets, secret =>
            {
                Assert.Null(secret["value"]);
                Assert.EndsWith($"secrets/{secret["name"]}', parameters('vaultUri'))]", (string?)secret["keyVaultUrl"], StringComparison.Ordinal);
                Assert.Contains((string)secret["name"]!, vaultSecrets);
            });
            foreach (var (name, entry) in Env(app).Where(e => s_secretKeys.Contains(e.Key)))
            {
                Assert.True(entry["value"] is null, $"{name} of {app["name"]} is a plain value");
                Assert.Contains((string?)entry["secretRef"], secrets.Select(s => (string?)s["name"]));
            }
        }
    }

    [Fact]
    public void Secret_parameters_are_secure()
    {
        // Everything else that main.bicep takes is a secret and must be declared @secure().
        string[] plain =
        [
            "environmentName", "location", "postgres_username", "postgres_app_username", "frontend_origin", "google_redirect_uri",
            "openai_videos_endpoint", "azure_sora_jobs_endpoint", "runway_endpoint", "apiExists", "workerExists",
            "stripe_publishable_key", "stripe_price_ids",
        ];
        string[] secrets =
        [
            "postgres_password", "postgres_app_password", "jwt_signing_key", "google_client_id", "google_client_secret",
            "stripe_secret_key", "stripe_webhook_secret",
            .. ProviderKinds.All.Select(kind => $"{kind.Replace('-', '_')}_api_key"),
        ];
        var parameters = Main["parameters"]!.AsObject();

        Assert.Equal(secrets.Order(StringComparer.Ordinal), parameters.Where(p => !plain.Contains(p.Key)).Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.All(secrets, name => Assert.Equal("securestring", (string?)parameters[name]!["type"]));
        Assert.DoesNotContain(Module("apps")["parameters"]!.AsObject(), p => (string?)p.Value!["type"] == "securestring");
    }

    [Fact]
    public void The_infrastructure_creates_the_containers_and_queues_core_uses()
    {
        var resources = Module("resources")["variables"]!;
        var queues = new VideoQueueOptions();

        Assert.Equal(MediaContainers.All, StringArray(resources["blobContainers"]));
        Assert.Equal([queues.Jobs, queues.Poison], StringArray(resources["queueNames"]));
    }

    [Fact]
    public void The_worker_scales_on_the_jobs_queue_with_its_own_identity()
    {
        var worker = App("worker");
        var scale = worker["properties"]!["template"]!["scale"]!;
        var rule = scale["rules"]!.AsArray().Single()!["custom"]!;

        Assert.Equal(0, (int)scale["minReplicas"]!);
        Assert.Equal(10, (int)scale["maxReplicas"]!);
        Assert.Equal("azure-queue", (string?)rule["type"]);
        Assert.Equal(new VideoQueueOptions().Jobs, (string?)rule["metadata"]!["queueName"]);
        Assert.Equal("5", (string?)rule["metadata"]!["queueLength"]);
        // The resource id of the identity whose client id the worker's DefaultAzureCredential uses.
        Assert.Equal(((string)Env(worker)["AZURE_CLIENT_ID"]["value"]!).Replace(".clientId", ".id", StringComparison.Ordinal), (string?)rule["identity"]);
        Assert.Null(worker["properties"]!["configuration"]!["ingress"]);
    }

    [Fact]
    public void The_api_is_public_on_the_container_port_and_probed_on_its_health_endpoints()
    {
        var api = App("api");
        var ingress = api["properties"]!["configuration"]!["ingress"]!;
        var probes = Container(api)["probes"]!.AsArray().ToDictionary(p => (string)p!["type"]!, p => (string?)p!["httpGet"]!["path"]);

        Assert.True((bool)ingress["external"]!);
        Assert.False((bool)ingress["allowInsecure"]!);
        Assert.Equal("/alive", probes["Liveness"]);
        Assert.Equal("/health", probes["Readiness"]);
    }

    [Fact]
    public void Nothing_in_azure_points_at_the_emulator()
    {
        var emulatorPrefix = VideoModelCatalog.EmulatorKey.Split(':')[0] + "__";
        var apps = OfType("Microsoft.App/containerApps").Append(OfType("Microsoft.App/jobs").Single());

        Assert.All(apps, app => Assert.DoesNotContain(Env(app).Keys, key => key.StartsWith(emulatorPrefix, StringComparison.Ordinal)));
    }

    [Fact]
    public void An_endpoint_parameter_left_empty_leaves_its_model_unavailable()
    {
        // infra/ always sets VideoModels:{id}:Endpoint, empty unless an endpoint parameter is given.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(s_modelIds.Select(id => KeyValuePair.Create<string, string?>($"{VideoModelCatalog.SectionName}:{id}:{nameof(VideoModelOptions.Endpoint)}", "")))
            .Build();

        Assert.All(new VideoModelCatalog(configuration).Models, model => Assert.False(model.Available, model.Id));
    }

    private static string[] StorageAndIdentity() =>
        [Connection(ConnectionNames.Database), Connection(ConnectionNames.Blobs), Connection(ConnectionNames.Queues), "AZURE_CLIENT_ID"];

    private static string Connection(string name) => $"ConnectionStrings__{name}";

    private static string Key(params string[] parts) => string.Join("__", parts);

    /// <summary>The plans of the catalog the Api ships (its appsettings.json): each needs its Stripe price in Azure.</summary>
    private static IEnumerable<string> ShippedPlanIds() =>
        new ConfigurationBuilder().AddJsonFile(Path.Combine(AIVideo.Tests.Infrastructure.RepositoryRoot.Find(), "AIVideo.Api", "appsettings.json")).Build()
            .GetSection($"{PaymentsOptions.SectionName}:{nameof(PaymentsOptions.Plans)}").GetChildren().Select(plan => plan.Key);
}
