using AIVideo.Api.Migrate.Seeding;
using AIVideo.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace AIVideo.Api.Migrate;

/// <summary>
/// Brings a database to the current schema and seeds it. Safe to run from several processes at
/// once (two replicas starting, a deployment overlapping a run): they queue on an advisory lock.
/// </summary>
internal sealed class DatabaseMigrator(AIVideoDbContext db, ILogger<DatabaseMigrator> logger)
{
    // Any constant works, as long as every instance of the migrator uses the same one.
    private const long MigrationLockKey = 0x4149_5669_6465_6F;

    /// <summary>Migrates, then seeds the empty tables with media references from <paramref name="seedMedia"/> (<see cref="SeedMediaUploader"/>).</summary>
    public async Task MigrateAsync(SeedMedia seedMedia, CancellationToken cancellationToken = default)
    {
        await EnsureDatabaseExistsAsync(cancellationToken);

        await using var lockConnection = new NpgsqlConnection(db.Database.GetConnectionString());
        await lockConnection.OpenAsync(cancellationToken);
        await ExecuteAsync(lockConnection, "SELECT pg_advisory_lock(@key)", cancellationToken);
        try
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            logger.LogInformation("Applying {Count} pending migration(s): {Migrations}", pending.Count, pending);
            await db.Database.MigrateAsync(cancellationToken);
            await SeedData.SeedAsync(db, seedMedia, logger, cancellationToken);
        }
        finally
        {
            // Closing the connection would release the lock too; unlocking says so explicitly.
            await ExecuteAsync(lockConnection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None);
        }
    }

    private async Task EnsureDatabaseExistsAsync(CancellationToken cancellationToken)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(cancellationToken))
        {
            return;
        }

        try
        {
            await creator.CreateAsync(cancellationToken);
            logger.LogInformation("Created database {Database}", db.Database.GetDbConnection().Database);
        }
        catch (PostgresException exception) when (exception.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another instance created it between our check and our CREATE DATABASE.
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("key", MigrationLockKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
