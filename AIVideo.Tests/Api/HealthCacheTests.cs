using System.Net;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AIVideo.Tests.Api;

/// <summary><c>/health</c> is anonymous and checks the database and storage: a flood of it must not run them each time.</summary>
public sealed class HealthCacheTests(TestServices services) : ApiTestBase(services)
{
    [Fact]
    public async Task Health_answers_a_burst_from_one_round_of_checks()
    {
        var probe = new CountingCheck();
        await using var api = Api.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Health:CacheDuration", "00:01:00");
            builder.ConfigureTestServices(services => services.AddHealthChecks().AddCheck("probe", probe));
        });
        using var client = api.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.GetAsync(new Uri("/health", UriKind.Relative))));
        var later = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.All(responses.Append(later), response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal(1, probe.Runs);
    }

    [Fact]
    public async Task Without_the_cache_every_call_runs_the_checks()
    {
        var probe = new CountingCheck();
        await using var api = Api.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Health:CacheDuration", "00:00:00");
            builder.ConfigureTestServices(services => services.AddHealthChecks().AddCheck("probe", probe));
        });
        using var client = api.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
        }

        Assert.Equal(3, probe.Runs);
    }

    private sealed class CountingCheck : IHealthCheck
    {
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _runs);
            return Task.FromResult(HealthCheckResult.Healthy());
        }
    }
}
