using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Npgsql;

namespace AIVideo.Tests.Data;

/// <summary>
/// <c>migrate</c> as the Azure migrations job runs it: given the administrator's connection
/// (ConnectionStrings:aivideodb-admin), it creates the application role of ConnectionStrings:aivideodb,
/// which then owns the database and every table, and the services log in as it. The administrator
/// here is, like Azure's, no superuser: a role that may create roles and databases, and owns the database.
/// </summary>
public sealed class DatabaseRoleTests(TestServices services)
{
    [Fact]
    public async Task Migrate_creates_the_application_role_which_owns_the_schema()
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var (admin, app, database) = ($"admin_{suffix}", $"app_{suffix}", $"test_{suffix}");
        await ExecuteAsync(services.Postgres.AdminConnectionString, $"CREATE ROLE {admin} LOGIN CREATEROLE CREATEDB PASSWORD 'admin-secret'", $"CREATE DATABASE {database} OWNER {admin}");
        try
        {
            var adminConnection = Connect(admin, "admin-secret", database);
            var appConnection = Connect(app, "app-secret", database);

            // Twice: the job runs after every deploy, and the second run finds the role in place.
            for (var run = 0; run < 2; run++)
            {
                var (exitCode, output) = await MigrateProcess.RunAsync(services, appConnection, "Production",
                    new Dictionary<string, string> { ["ConnectionStrings__aivideodb-admin"] = adminConnection });
                Assert.True(exitCode == 0, output);
            }

            await using var connection = new NpgsqlConnection(appConnection);
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            Assert.Equal(app, await ScalarAsync(connection, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"));
            Assert.Equal(0L, await ScalarAsync(connection,
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND pg_get_userbyid(c.relowner) <> current_user"));
            Assert.True((long)(await ScalarAsync(connection, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"))! > 0);
            Assert.Equal(false, await ScalarAsync(connection, "SELECT rolsuper OR rolcreaterole OR rolcreatedb FROM pg_roles WHERE rolname = current_user"));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(services.Postgres.AdminConnectionString, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)", $"DROP ROLE IF EXISTS {app}", $"DROP ROLE IF EXISTS {admin}");
        }
    }

    private string Connect(string username, string password, string database) =>
        new NpgsqlConnectionStringBuilder(services.Postgres.AdminConnectionString) { Username = username, Password = password, Database = database }.ConnectionString;

    private static async Task ExecuteAsync(string connectionString, params string[] statements)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }
}
