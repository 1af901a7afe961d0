using System.Net;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace AIVideo.Tests.Api;

/// <summary>
/// Outside Development nothing the deployment must decide has a default: the Api in Production
/// refuses to start without each required setting, and the failure names the key.
/// </summary>
public sealed class ProductionStartupTests(TestServices services)
{
    public static TheoryData<string> RequiredKeys => [.. ProductionSettings.Required.Keys];

    [Theory]
    [MemberData(nameof(RequiredKeys))]
    public async Task The_api_does_not_start_in_production_without(string key)
    {
        // The database is never reached: start-up stops at the options before any service runs.
        var failure = await StartupFailureAsync(ProductionSettings.Required.Where(s => s.Key != key));

        Assert.Contains(ProductionSettings.NamedKey(key), failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "0.0.0.0/0")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "not-a-network")]
    [InlineData("Cors:AllowedOrigins:0", "https://app.example.com/path")]
    [InlineData("Google:AllowedRedirectUris:0", "/auth/callback")]
    public async Task The_api_does_not_start_with_a_setting_that_opens_more_than_it_names(string key, string value)
    {
        var failure = await StartupFailureAsync(ProductionSettings.Required.Where(s => s.Key != key).Append(KeyValuePair.Create(key, value)));

        Assert.Contains(key, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_starts_in_production_with_every_required_setting()
    {
        var database = await TestDatabases.CreateMigratedAsync(services.Postgres);
        await using var api = new ProductionApi(services, database, ProductionSettings.Required);
        using var client = api.CreateClient();

        var response = await client.GetAsync(new Uri("/alive", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Without_payments_the_api_starts_in_production_without_the_stripe_keys()
    {
        var database = await TestDatabases.CreateMigratedAsync(services.Postgres);
        var settings = ProductionSettings.Required.Where(s => !s.Key.StartsWith("Stripe:", StringComparison.Ordinal))
            .Append(KeyValuePair.Create("Payments:Enabled", "false"));
        await using var api = new ProductionApi(services, database, settings);
        using var client = api.CreateClient();

        var pricing = await client.GetAsync(new Uri("/api/v1/payments/pricing", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, pricing.StatusCode);
    }

    /// <summary>
    /// The options failure that stops the Api from starting with <paramref name="settings"/>.
    /// WebApplicationFactory's deferred host sometimes reports a failed start as its own disposed
    /// service provider instead of the failure: that start is tried again, a few times at most.
    /// </summary>
    private async Task<OptionsValidationException> StartupFailureAsync(IEnumerable<KeyValuePair<string, string>> settings)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var api = new ProductionApi(services, services.Postgres.AdminConnectionString, settings);
            var failure = Assert.ThrowsAny<Exception>(() => api.Server);
            if (failure is ObjectDisposedException && attempt < 3)
            {
                continue;
            }

            return Assert.IsType<OptionsValidationException>(failure is AggregateException { InnerExceptions: [var single] } ? single : failure);
        }
    }

    /// <summary>The Api as Azure runs it: Production, the given settings and nothing else of the tests' own.</summary>
    private sealed class ProductionApi(TestServices services, string database, IEnumerable<KeyValuePair<string, string>> settings)
        : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            TestHostConfiguration.Apply(builder, services, database, maxPoolSize: 5);
            builder.UseEnvironment("Production");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
