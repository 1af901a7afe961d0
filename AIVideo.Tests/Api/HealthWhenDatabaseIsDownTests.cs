using System.Net;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Npgsql;

namespace AIVideo.Tests.Api;

public sealed class HealthWhenDatabaseIsDownTests(TestServices services)
{
    [Fact]
    public async Task Health_is_unhealthy_when_the_database_does_not_answer_while_the_process_stays_alive()
    {
        // A database server that is not there: nothing listens on the port.
        var unreachable = new NpgsqlConnectionStringBuilder(services.Postgres.ConnectionStringFor("aivideodb"))
        {
            Port = FreeTcpPort.Next(),
            Timeout = 2,
        };
        await using var api = new ApiFactory(services, unreachable.ConnectionString);
        using var client = api.CreateClient();

        var health = await client.GetAsync(new Uri("/health", UriKind.Relative));
        var alive = await client.GetAsync(new Uri("/alive", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("""{"status":"unhealthy"}""", await health.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal("""{"status":"healthy"}""", await alive.Content.ReadAsStringAsync());
    }
}
