using AIVideo.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace AIVideo.Tests.Support;

/// <summary>
/// The real Api, in process, over the test run's real Postgres, Redis and Azurite, with Google
/// played by the Emulator. Each factory gets its own database, so tests never see each other's rows.
/// </summary>
public sealed class ApiFactory(
    TestServices services,
    string databaseConnectionString,
    EmulatorServer? emulator = null,
    IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public const string GoogleRedirectUri = "http://localhost:3000/auth/callback";

    /// <summary>The origins the tests' Api allows, those of a frontend run locally.</summary>
    public static readonly string[] FrontendOrigins = ["http://localhost:3000", "http://127.0.0.1:3000", "http://localhost:8080"];

    /// <summary>This Api's prefix for cached pages in the run's shared Redis (settings may name another).</summary>
    public string OutputCacheInstance { get; } = $"aivideo:test:{Guid.NewGuid():N}:output:";

    public string DatabaseConnectionString { get; } = databaseConnectionString;

    public string StripeSecretKey { get; } = $"sk_test_{Guid.NewGuid():N}";

    public string StripeWebhookSecret { get; } = $"whsec_{Guid.NewGuid():N}";

    /// <summary>
    /// This Api's rate limit counters in the run's shared Redis: its own, so test classes never
    /// count each other's requests (hosts derived with WithWebHostBuilder share it, as replicas would).
    /// </summary>
    public string RateLimitKeyPrefix { get; } = $"aivideo-tests:{Guid.NewGuid():N}:ratelimit:";

    /// <summary>This Api's stored sign-in answers: test classes sign the same dev users in with the same codes.</summary>
    public string SignInRepeatsKeyPrefix { get; } = $"aivideo-tests:{Guid.NewGuid():N}:signin:";

    public static async Task<ApiFactory> CreateAsync(TestServices services, EmulatorServer? emulator = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        await TestStorage.ProvisionAsync(services.Azurite);
        return new(services, await TestDatabases.CreateMigratedAsync(services.Postgres), emulator, settings);
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);

        // Requests run in the calling test's context, so server logs land in that test's output.
        if (Services.GetService<IServer>() is TestServer server)
        {
            server.PreserveExecutionContext = true;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        TestHostConfiguration.Apply(builder, services, DatabaseConnectionString, maxPoolSize: 20);
        builder.UseSetting("Jwt:SigningKey", TestKeys.JwtSigningKey);
        // Each Api has its own database, so it gets its own cached pages too (settings may share one).
        builder.UseSetting("OutputCache:InstanceName", OutputCacheInstance);
        builder.UseSetting("AzureAd:Instance", "https://login.microsoftonline.com/");
        builder.UseSetting("AzureAd:TenantId", TestKeys.EntraTenantId);
        builder.UseSetting("AzureAd:ClientId", TestKeys.EntraClientId);
        // Testing is not Development: the Api has no defaults for these and fails to start without them.
        builder.UseSetting("Google:ClientId", "aivideo-tests.apps.googleusercontent.com");
        builder.UseSetting("Google:ClientSecret", "aivideo-tests-secret");
        // Each Api is its own Stripe account: the Emulator sends its events to this Api only (PaymentTestBase).
        builder.UseSetting("Stripe:SecretKey", StripeSecretKey);
        builder.UseSetting("Stripe:WebhookSecret", StripeWebhookSecret);
        UseListUnlessGiven(builder, "Google:AllowedRedirectUris", [GoogleRedirectUri, "http://127.0.0.1:3000/auth/callback", "http://localhost:8080/auth/callback"]);
        UseListUnlessGiven(builder, "Cors:AllowedOrigins", FrontendOrigins);
        // Loopback only, ASP.NET Core's own default, unless a test names other proxies.
        if (settings?.Keys.Any(key => key.StartsWith("ForwardedHeaders:", StringComparison.OrdinalIgnoreCase)) != true)
        {
            builder.UseSetting("ForwardedHeaders:KnownNetworks:0", "127.0.0.0/8");
            builder.UseSetting("ForwardedHeaders:KnownProxies:0", "::1");
        }

        if (emulator is not null)
        {
            builder.UseSetting("Google:TokenEndpoint", new Uri(emulator.BaseAddress, "/google/token").ToString());
            builder.UseSetting("Google:UserInfoEndpoint", new Uri(emulator.BaseAddress, "/google/userinfo").ToString());
            builder.UseSetting("services:videomodel:http:0", emulator.BaseAddress.ToString());
            builder.UseSetting("Stripe:ApiBase", new Uri(emulator.BaseAddress, "/stripe").ToString());
        }

        // Rate limits stay on, with numbers no test reaches by accident: many tests sign in and
        // call from one address. The rate limit tests set small numbers through settings.
        builder.UseSetting("RateLimits:KeyPrefix", RateLimitKeyPrefix);
        builder.UseSetting("SignInRepeats:KeyPrefix", SignInRepeatsKeyPrefix);
        // A loaded test machine can take longer than production's 500 ms to answer; a test that
        // counts on Redis must not be switched to the in-process fallback by a slow moment.
        builder.UseSetting("RateLimits:RedisTimeout", "00:00:02");
        foreach (var policy in (string[])["Auth", "Generate", "Upload", "Default"])
        {
            builder.UseSetting($"RateLimits:{policy}:PermitLimit", "1000000");
        }

        TestHostConfiguration.ApplySettings(builder, settings);

        // Entra's signing keys normally come from its published metadata, which tests cannot
        // reach: give the same handler a test key instead. Everything else it checks as in Azure.
        builder.ConfigureTestServices(testServices => testServices.PostConfigure<JwtBearerOptions>("EntraId", options =>
        {
            var configuration = new OpenIdConnectConfiguration { Issuer = TestKeys.EntraIssuer };
            configuration.SigningKeys.Add(TestKeys.EntraSigningKey);
            options.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
        }));
    }

    private void UseListUnlessGiven(IWebHostBuilder builder, string key, string[] values)
    {
        // A test's own list replaces this one rather than overwriting some of its entries.
        if (settings?.Keys.Any(k => k.StartsWith(key + ":", StringComparison.OrdinalIgnoreCase)) == true)
        {
            return;
        }

        for (var i = 0; i < values.Length; i++)
        {
            builder.UseSetting($"{key}:{i}", values[i]);
        }
    }
}
