extern alias worker;

using AIVideo.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AIVideo.Tests.Support;

/// <summary>The real Worker, in process, on the same database, storage and queues as an <see cref="ApiFactory"/>.</summary>
public sealed class WorkerFactory(TestServices services, string databaseConnectionString, EmulatorServer emulator, IReadOnlyDictionary<string, string?> settings)
    : WebApplicationFactory<worker::Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // As strict as Development: a service that cannot be built fails the test host at start.
        builder.UseDefaultServiceProvider(options =>
        {
            options.ValidateOnBuild = true;
            options.ValidateScopes = true;
        });
        builder.ConfigureLogging(logging => logging.AddProvider(new TestOutputLoggerProvider()));
        builder.UseSetting("ConnectionStrings:aivideodb", new NpgsqlConnectionStringBuilder(databaseConnectionString) { MaxPoolSize = 10 }.ConnectionString);
        builder.UseSetting("ConnectionStrings:cache", services.Redis.ConnectionString);
        builder.UseSetting("ConnectionStrings:blobs", services.Azurite.ConnectionString);
        builder.UseSetting("ConnectionStrings:queues", services.Azurite.ConnectionString);
        builder.UseSetting("services:videomodel:http:0", emulator.BaseAddress.ToString());
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
