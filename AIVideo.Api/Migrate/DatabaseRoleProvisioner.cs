using AIVideo.Core.Hosting;
using Npgsql;

namespace AIVideo.Api.Migrate;

/// <summary>
/// In Azure the services do not log in as the server administrator. With
/// <c>ConnectionStrings:aivideodb-admin</c> set, <c>migrate</c> first connects as the administrator
/// and makes sure the role of <c>ConnectionStrings:aivideodb</c> exists with that connection's
/// password and owns the database, and so its <c>public</c> schema (PostgreSQL 15+); the migrations
/// then run as that role and it owns every table they create. Without it (locally) nothing changes.
/// </summary>
internal sealed partial class DatabaseRoleProvisioner(IConfiguration configuration, ILogger<DatabaseRoleProvisioner> logger)
{
    // The name and password reach the DO block as settings of this session, so PostgreSQL quotes
    // them (format %I, %L): a DO block takes no parameters and nothing here is concatenated.
    private const string EnsureRoleSql = """
        DO $$
        DECLARE
            app_role text := current_setting('aivideo.app_role');
            app_password text := current_setting('aivideo.app_password');
        BEGIN
            -- A rotated password takes effect on the next run; only a superuser may restate NOSUPERUSER.
            IF EXISTS (SELECT FROM pg_roles WHERE rolname = app_role) THEN
                EXECUTE format('ALTER ROLE %I WITH LOGIN PASSWORD %L', app_role, app_password);
            ELSE
                EXECUTE format('CREATE ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', app_role, app_password);
            END IF;
            -- Giving the database away needs membership of the new owner (PostgreSQL 16: SET on it,
            -- which creating the role does not grant the administrator).
            EXECUTE format('GRANT %I TO %I', app_role, current_user);
            EXECUTE format('ALTER DATABASE %I OWNER TO %I', current_database(), app_role);
        END
        $$
        """;

    public async Task ProvisionAsync(CancellationToken cancellationToken = default)
    {
        if (configuration.GetConnectionString(ConnectionNames.DatabaseAdmin) is not { Length: > 0 } admin)
        {
            return;
        }

        var app = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString(ConnectionNames.Database));
        if (string.IsNullOrEmpty(app.Username) || string.IsNullOrEmpty(app.Password))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionNames.DatabaseAdmin} is set, so ConnectionStrings:{ConnectionNames.Database} must name the application role and its password.");
        }

        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(admin) { Database = app.Database, Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var settings = new NpgsqlCommand("SELECT set_config('aivideo.app_role', $1, false), set_config('aivideo.app_password', $2, false)", connection))
        {
            settings.Parameters.Add(new NpgsqlParameter { Value = app.Username });
            settings.Parameters.Add(new NpgsqlParameter { Value = app.Password });
            await settings.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var ensure = new NpgsqlCommand(EnsureRoleSql, connection))
        {
            await ensure.ExecuteNonQueryAsync(cancellationToken);
        }

        LogRoleReady(logger, app.Username, app.Database);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Role {Role} owns database {Database}; the migrations run as it")]
    private static partial void LogRoleReady(ILogger logger, string role, string? database);
}
