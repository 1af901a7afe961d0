using AIVideo.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AIVideo.Tests.Support;

/// <summary>What every in-process service host of the tests shares: strictness, logging and the run's real services.</summary>
internal static class TestHostConfiguration
{
    public static void Apply(IWebHostBuilder builder, TestServices services, string databaseConnectionString, int maxPoolSize)
    {
        builder.UseEnvironment("Testing");
        // As strict as Development: a service that cannot be built fails the test host at start.
        builder.UseDefaultServiceProvider(options =>
        {
            options.ValidateOnBuild = true;
            options.ValidateScopes = true;
        });
        builder.ConfigureLogging(logging => logging.AddProvider(new TestOutputLoggerProvider()));
        // A bounded pool per host, as in production: bursts queue for a connection instead of
        // exhausting the test server's connection slots shared by every test class.
        builder.UseSetting("ConnectionStrings:aivideodb", new NpgsqlConnectionStringBuilder(databaseConnectionString) { MaxPoolSize = maxPoolSize }.ConnectionString);
        builder.UseSetting("ConnectionStrings:cache", services.Redis.ConnectionString);
        // A loaded test machine can take longer than production's 500 ms to answer; a test that
        // counts on Redis (events, the denylist) must not see it skipped for a slow moment.
        builder.UseSetting("Redis:Timeout", "00:00:02");
        builder.UseSetting("ConnectionStrings:blobs", services.Azurite.ConnectionString);
        builder.UseSetting("ConnectionStrings:queues", services.Azurite.ConnectionString);
    }

    public static void ApplySettings(IWebHostBuilder builder, IReadOnlyDictionary<string, string?>? settings)
    {
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }
}
