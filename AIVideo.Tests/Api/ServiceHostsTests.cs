extern alias emulator;
extern alias worker;

using System.Net;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AIVideo.Tests.Api;

/// <summary>The Worker and the Emulator start cleanly with the service defaults and answer their probes.</summary>
public sealed class ServiceHostsTests(TestServices services)
{
    [Fact]
    public async Task The_worker_starts_and_is_healthy_with_its_dependencies()
    {
        var database = await TestDatabases.CreateMigratedAsync(services.Postgres);
        await using var factory = new WebApplicationFactory<worker::Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:aivideodb", database);
            builder.UseSetting("ConnectionStrings:cache", services.Redis.ConnectionString);
            builder.UseSetting("ConnectionStrings:blobs", services.Azurite.ConnectionString);
            builder.UseSetting("ConnectionStrings:queues", services.Azurite.ConnectionString);
        });
        using var client = factory.CreateClient();

        var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"healthy"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_emulator_starts_and_is_alive()
    {
        await using var factory = new WebApplicationFactory<emulator::Program>()
            .WithWebHostBuilder(builder => builder.UseEnvironment("Testing"));
        using var client = factory.CreateClient();

        var response = await client.GetAsync(new Uri("/alive", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
