using AIVideo.Api.Migrate;
using AIVideo.Api.Migrate.Seeding;
using AIVideo.Core.Data;
using AIVideo.Core.Hosting;
using AIVideo.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace AIVideo.Tests.Support;

/// <summary>
/// Databases for tests. Migrating takes a moment, so the migrations run once into a template
/// database and every test that wants a ready database gets a fresh copy of it.
/// </summary>
internal static class TestDatabases
{
    private const long UserIdsPerDatabase = 1_000_000;

    private static readonly SemaphoreSlim s_templateLock = new(1, 1);
    private static string? s_templateName;
    private static long s_lastUserIdRange;

    /// <summary>
    /// A new, migrated and seeded database of its own. Its user ids start in a range no other
    /// test database uses: user ids name Redis channels and blob folders, which every test shares.
    /// </summary>
    public static async Task<string> CreateMigratedAsync(PostgresServer postgres)
    {
        var template = await GetTemplateAsync(postgres);
        var connectionString = await postgres.CreateDatabaseAsync(template);
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT setval(pg_get_serial_sequence('users', 'id'), $1, false)", connection)
        {
            Parameters = { new NpgsqlParameter { Value = Interlocked.Increment(ref s_lastUserIdRange) * UserIdsPerDatabase } },
        };
        await command.ExecuteScalarAsync();
        return connectionString;
    }

    public static AIVideoDbContext CreateDbContext(string connectionString)
    {
        var options = new DbContextOptionsBuilder<AIVideoDbContext>();
        CoreHostingExtensions.ConfigureDbContext(options, connectionString);
        return new AIVideoDbContext(options.Options);
    }

    public static async Task MigrateAsync(string connectionString)
    {
        await using var db = CreateDbContext(connectionString);
        await new DatabaseMigrator(db, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(SeedMedia.Remote, TestContext.Current.CancellationToken);
    }

    private static async Task<string> GetTemplateAsync(PostgresServer postgres)
    {
        await s_templateLock.WaitAsync();
        try
        {
            if (s_templateName is null)
            {
                // No pooling: CREATE DATABASE ... TEMPLATE refuses while any session is connected to the template.
                var connectionString = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync()) { Pooling = false };
                await MigrateAsync(connectionString.ConnectionString);
                s_templateName = connectionString.Database;
            }

            return s_templateName!;
        }
        finally
        {
            s_templateLock.Release();
        }
    }
}
