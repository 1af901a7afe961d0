using AIVideo.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AIVideo.Tests.Support;

/// <summary>
/// The real Api, in process, over the test run's real Postgres, Redis and Azurite. Each factory
/// gets its own database, so tests never see each other's rows.
/// </summary>
public sealed class ApiFactory(TestServices services, string databaseConnectionString) : WebApplicationFactory<Program>
{
    public string DatabaseConnectionString { get; } = databaseConnectionString;

    public static async Task<ApiFactory> CreateAsync(TestServices services) =>
        new(services, await TestDatabases.CreateMigratedAsync(services.Postgres));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:aivideodb", DatabaseConnectionString);
        builder.UseSetting("ConnectionStrings:cache", services.Redis.ConnectionString);
        builder.UseSetting("ConnectionStrings:blobs", services.Azurite.ConnectionString);
        builder.UseSetting("ConnectionStrings:queues", services.Azurite.ConnectionString);
    }
}
