using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AIVideo.Core.Hosting;
using AIVideo.Tests.Support;
using static AIVideo.Tests.Deployment.CompiledInfrastructure;

namespace AIVideo.Tests.Deployment;

/// <summary>
/// What an Azure reviewer checks first, read from the compiled template: no data service
/// reachable from the internet, no firewall range, no optional TLS, no identity with a role its app
/// does not use, and every setting the Api refuses to start without in Production provided.
/// </summary>
public sealed partial class NetworkAndAccessTests
{
    /// <summary>
    /// The roles each app's identity holds, by scope, and why; any other role fails. Media: blobs
    /// (Storage Blob Data Contributor includes requesting user delegation keys to sign media URLs).
    /// Queues: /health lists queues (Reader), the Api's outbox sends, the Worker receives, deletes and
    /// re-sends, KEDA reads the length as the Worker; only migrate creates queues (Contributor).
    /// Vault: each app's Key Vault references are read with its own identity.
    /// </summary>
    private static readonly Dictionary<string, Dictionary<string, string[]>> s_appRoles = new(StringComparer.Ordinal)
    {
        ["api"] = new(StringComparer.Ordinal)
        {
            ["media"] = ["storageBlobDataContributor"],
            ["queues"] = ["storageQueueDataReader", "storageQueueDataMessageSender"],
            ["vault"] = ["keyVaultSecretsUser"],
        },
        ["worker"] = new(StringComparer.Ordinal)
        {
            ["media"] = ["storageBlobDataContributor"],
            ["queues"] = ["storageQueueDataReader", "storageQueueDataMessageProcessor", "storageQueueDataMessageSender"],
            ["vault"] = ["keyVaultSecretsUser"],
        },
        ["migrations"] = new(StringComparer.Ordinal)
        {
            ["media"] = ["storageBlobDataContributor"],
            ["queues"] = ["storageQueueDataContributor"],
            ["vault"] = ["keyVaultSecretsUser"],
        },
    };

    // Basic has no replica and no SLA.
    private static readonly string[] s_redisTiersWithReplica = ["Standard", "Premium"];

    private static JsonObject ResourcesModule => Module("resources");

    [Fact]
    public void No_data_service_accepts_connections_from_the_internet()
    {
        Assert.Equal("Disabled", (string?)Single("Microsoft.DBforPostgreSQL/flexibleServers")["properties"]!["network"]?["publicNetworkAccess"]);
        Assert.Equal("Disabled", (string?)Single("Microsoft.Cache/redis")["properties"]!["publicNetworkAccess"]);
        var vault = Single("Microsoft.KeyVault/vaults")["properties"]!;
        Assert.Equal("Disabled", (string?)vault["publicNetworkAccess"]);
        Assert.Equal("Deny", (string?)vault["networkAcls"]!["defaultAction"]);

        foreach (var account in OfType("Microsoft.Storage/storageAccounts").Where(a => !IsMediaAccount(a)))
        {
            Assert.Equal("Disabled", (string?)account["properties"]!["publicNetworkAccess"]);
            Assert.Equal("Deny", (string?)account["properties"]!["networkAcls"]!["defaultAction"]);
        }
    }

    [Fact]
    public void The_media_account_is_public_only_for_signed_blob_reads()
    {
        // Browsers and the video providers load signed media URLs from it, so it cannot be private;
        // it must serve nothing else and accept nothing but Entra and user delegation signatures.
        var media = Assert.Single(OfType("Microsoft.Storage/storageAccounts"), IsMediaAccount)["properties"]!;

        Assert.False((bool)media["allowSharedKeyAccess"]!);
        Assert.False((bool)media["allowBlobPublicAccess"]!);
        Assert.DoesNotContain(OfType("Microsoft.Storage/storageAccounts/queueServices"), q => IsIn(q, Assert.Single(OfType("Microsoft.Storage/storageAccounts"), IsMediaAccount)));
        Assert.All(OfType("Microsoft.Storage/storageAccounts/blobServices/containers"), c => Assert.Equal("None", (string?)c["properties"]!["publicAccess"]));
    }

    [Fact]
    public void No_firewall_rule_opens_a_range()
    {
        Assert.DoesNotContain(Resources(Main), r => ((string?)r["type"])!.EndsWith("/firewallRules", StringComparison.Ordinal));
        foreach (var resource in OfType("Microsoft.Storage/storageAccounts").Concat(OfType("Microsoft.KeyVault/vaults")))
        {
            var acls = resource["properties"]!["networkAcls"];
            Assert.True(acls?["ipRules"] is null or JsonArray { Count: 0 }, $"{resource["name"]} has IP rules");
            Assert.True(acls?["virtualNetworkRules"] is null or JsonArray { Count: 0 }, $"{resource["name"]} has network rules");
            Assert.Equal("None", (string?)acls?["bypass"]);
        }
    }

    [Fact]
    public void Every_connection_requires_tls()
    {
        var redis = Single("Microsoft.Cache/redis")["properties"]!;
        Assert.False((bool)redis["enableNonSslPort"]!);
        Assert.Equal("1.2", (string?)redis["minimumTlsVersion"]);

        foreach (var account in OfType("Microsoft.Storage/storageAccounts"))
        {
            Assert.True((bool)account["properties"]!["supportsHttpsTrafficOnly"]!);
            Assert.Equal("TLS1_2", (string?)account["properties"]!["minimumTlsVersion"]);
        }

        var tls = Assert.Single(OfType("Microsoft.DBforPostgreSQL/flexibleServers/configurations"), c => ((string)c["name"]!).Contains("'require_secure_transport'", StringComparison.Ordinal));
        Assert.Equal("on", (string?)tls["properties"]!["value"], ignoreCase: true);

        // Every PostgreSQL connection string the vault holds requires TLS; the Redis one uses it.
        var secrets = (string)Single("Microsoft.KeyVault/vaults/secrets")["properties"]!["value"]!;
        var postgres = PostgresConnection().Matches(secrets);
        Assert.Equal(2, postgres.Count);
        Assert.All(postgres, match => Assert.EndsWith(";SSL Mode=Require'", match.Value, StringComparison.Ordinal));
        Assert.Contains(",ssl=true,", secrets, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_data_service_has_a_private_endpoint_resolved_by_a_private_dns_zone()
    {
        var endpoints = ResourcesModule["variables"]!["privateEndpoints"]!.AsArray().Select(e => e!.AsObject()).ToArray();
        var services = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["postgresqlServer"] = "Microsoft.DBforPostgreSQL/flexibleServers",
            ["redisCache"] = "Microsoft.Cache/redis",
            ["queue"] = "Microsoft.Storage/storageAccounts",
            ["blob"] = "Microsoft.Storage/storageAccounts",
            ["vault"] = "Microsoft.KeyVault/vaults",
        };

        Assert.Equal(services.Keys.Order(StringComparer.Ordinal), endpoints.Select(e => (string)e["groupId"]!).Order(StringComparer.Ordinal));
        Assert.All(endpoints, e => Assert.StartsWith($"[resourceId('{services[(string)e["groupId"]!]}'", (string?)e["serviceId"], StringComparison.Ordinal));

        var network = Module("network");
        var zones = network["variables"]!["zones"]!.AsObject();
        Assert.All(endpoints, e => Assert.True(zones.ContainsKey((string)e["zone"]!), $"no DNS zone for {e["name"]}"));
        Assert.Equal("[length(items(variables('zones')))]", (string?)Assert.Single(Resources(network), r => (string?)r["type"] == "Microsoft.Network/privateDnsZones/virtualNetworkLinks")["copy"]!["count"]);

        var module = Assert.Single(OfType("Microsoft.Resources/deployments"), d => (string?)d["copy"]?["name"] == "endpoints");
        Assert.Equal("[length(variables('privateEndpoints'))]", (string?)module["copy"]!["count"]);
        Assert.Contains(Resources(module["properties"]!["template"]!.AsObject()), r => (string?)r["type"] == "Microsoft.Network/privateEndpoints/privateDnsZoneGroups");
    }

    [Fact]
    public void The_apps_run_in_the_virtual_network_with_only_the_api_reachable_from_outside()
    {
        var vnet = Single("Microsoft.App/managedEnvironments")["properties"]!["vnetConfiguration"]!;

        Assert.Contains("outputs.infrastructureSubnetId", (string?)vnet["infrastructureSubnetId"], StringComparison.Ordinal);
        Assert.False((bool)vnet["internal"]!);
        Assert.True((bool)App("api")["properties"]!["configuration"]!["ingress"]!["external"]!);
        Assert.Null(App("worker")["properties"]!["configuration"]!["ingress"]);
    }

    [Fact]
    public void Forwarded_headers_are_trusted_only_from_the_infrastructure_subnet()
    {
        var forwarded = Env(App("api")).Where(e => e.Key.StartsWith("ForwardedHeaders__", StringComparison.Ordinal)).ToArray();
        var subnet = Assert.Single(Single("Microsoft.Network/virtualNetworks")["properties"]!["subnets"]!.AsArray(), s => (string?)s!["name"] == "infrastructure")!;

        var (key, entry) = Assert.Single(forwarded);
        Assert.Equal("ForwardedHeaders__KnownNetworks__0", key);
        Assert.Equal("[parameters('trustedProxyNetwork')]", (string?)entry["value"]);
        Assert.Equal("[variables('addressPrefixes').infrastructure]", (string?)Deployment("apps")["parameters"]!["trustedProxyNetwork"]!["value"]);
        Assert.Equal("[parameters('addressPrefixes').infrastructure]", (string?)subnet["properties"]!["addressPrefix"]);
        Assert.Equal("[variables('addressPrefixes')]", (string?)Deployment("network")["parameters"]!["addressPrefixes"]!["value"]);
    }

    [Fact]
    public void Each_identity_holds_only_the_roles_its_app_uses()
    {
        var declared = ResourcesModule["variables"]!["appRoles"]!.AsObject();
        Assert.Equal(s_appRoles.Keys.Order(StringComparer.Ordinal), declared.Select(a => a.Key).Order(StringComparer.Ordinal));
        foreach (var (app, scopes) in s_appRoles)
        {
            var roles = declared[app]!.AsObject();
            Assert.Equal(scopes.Keys.Order(StringComparer.Ordinal), roles.Select(s => s.Key).Order(StringComparer.Ordinal));
            Assert.All(scopes, scope => Assert.Equal(scope.Value.Order(StringComparer.Ordinal), StringArray(roles[scope.Key]).Order(StringComparer.Ordinal)));
        }

        // appRoles is the only source of the apps' role assignments: one loop per scope over it,
        // plus the registry pull of the image-pulling identity.
        var assignments = OfType("Microsoft.Authorization/roleAssignments");
        var registryPull = Assert.Single(assignments, a => a["copy"] is null);
        Assert.Equal("[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', variables('roles').acrPull)]", (string?)registryPull["properties"]!["roleDefinitionId"]);
        var loops = assignments.Where(a => a["copy"] is not null).ToDictionary(a => (string)a["copy"]!["name"]!, a => a, StringComparer.Ordinal);
        Assert.Equal(["mediaAccess", "queueAccess", "vaultReaders"], loops.Keys.Order(StringComparer.Ordinal));
        foreach (var (loop, scope) in new[] { ("mediaAccess", "media"), ("queueAccess", "queues"), ("vaultReaders", "vault") })
        {
            var variable = Regex.Match((string)loops[loop]["copy"]!["count"]!, @"variables\('(\w+)'\)").Groups[1].Value;
            Assert.Contains($"variables('appRoles')[variables('apps')[lambdaVariables('i')]].{scope}", (string?)ResourcesModule["variables"]![variable], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_vault_keeps_deleted_secrets_and_authorizes_with_rbac_and_redis_has_a_replica()
    {
        var vault = Single("Microsoft.KeyVault/vaults")["properties"]!;
        Assert.True((bool)vault["enableRbacAuthorization"]!);
        Assert.True((bool)vault["enablePurgeProtection"]!);
        Assert.True((bool)vault["enableSoftDelete"]!);

        Assert.Contains((string?)Single("Microsoft.Cache/redis")["properties"]!["sku"]!["name"], s_redisTiersWithReplica);
    }

    [Fact]
    public void The_services_log_in_as_the_application_role_and_only_migrations_as_the_administrator()
    {
        var admin = $"ConnectionStrings__{ConnectionNames.DatabaseAdmin}";
        var database = $"ConnectionStrings__{ConnectionNames.Database}";

        Assert.All([App("api"), App("worker")], app =>
        {
            Assert.DoesNotContain(admin, Env(app).Keys);
            Assert.Equal("connectionstrings--aivideodb", (string?)Env(app)[database]["secretRef"]);
        });
        var job = Env(OfType("Microsoft.App/jobs").Single());
        Assert.Equal("connectionstrings--aivideodb-admin", (string?)job[admin]["secretRef"]);
        Assert.Equal("connectionstrings--aivideodb", (string?)job[database]["secretRef"]);
    }

    [Fact]
    public void The_api_gets_every_setting_it_requires_in_production()
    {
        var env = Env(App("api"));

        Assert.All(ProductionSettings.Required.Keys.Select(ProductionSettings.EnvironmentVariable), name =>
        {
            Assert.True(env.TryGetValue(name, out var entry), $"{name} is not set on the api");
            Assert.False(string.IsNullOrEmpty((string?)entry["value"] ?? (string?)entry["secretRef"]), $"{name} is empty");
        });
        // The two plain ones come from required parameters (no default): azd asks for them.
        Assert.All(["frontend_origin", "google_redirect_uri"], name => Assert.Null(Main["parameters"]![name]!["defaultValue"]));
    }

    private static JsonObject Single(string type) => Assert.Single(OfType(type));

    /// <summary>The properties of the module deployment named <paramref name="name"/> (its parameters, its template).</summary>
    private static JsonNode Deployment(string name) =>
        Assert.Single(OfType("Microsoft.Resources/deployments"), d => (string?)d["name"] == name)["properties"]!;

    /// <summary>The account the blob containers live in.</summary>
    private static bool IsMediaAccount(JsonObject account) =>
        OfType("Microsoft.Storage/storageAccounts/blobServices").Any(service => IsIn(service, account));

    private static bool IsIn(JsonObject child, JsonObject account) =>
        ((string)child["name"]!).Contains((string)account["name"]!.ToString()[1..^1], StringComparison.Ordinal);

    [GeneratedRegex(@"'Host=\{0\};[^']*'")]
    private static partial Regex PostgresConnection();
}
