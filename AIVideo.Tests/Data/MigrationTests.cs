using AIVideo.Core.Data;
using AIVideo.Core.Data.Entities;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AIVideo.Tests.Data;

public sealed class MigrationTests(TestServices services)
{
    private static readonly string[] s_tables =
        [
            "credit_transactions", "outbox_messages", "plan_subscriptions", "purchases", "refresh_tokens", "showcase_videos",
            "stripe_events", "trial_images", "uploaded_images", "users", "videos",
        ];

    [Fact]
    public async Task Migrations_create_every_table_in_an_empty_database()
    {
        var connectionString = await services.Postgres.CreateDatabaseAsync();

        await TestDatabases.MigrateAsync(connectionString);

        await using var db = TestDatabases.CreateDbContext(connectionString);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        var tables = await db.Database
            .SqlQueryRaw<string>("SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT LIKE '\\_\\_%' ORDER BY 1")
            .ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(s_tables, tables);
    }

    [Fact]
    public async Task Migrate_creates_the_database_when_it_is_missing()
    {
        var connectionString = MissingDatabase();

        await TestDatabases.MigrateAsync(connectionString);

        await using var db = TestDatabases.CreateDbContext(connectionString);
        Assert.True(await db.Database.CanConnectAsync(TestContext.Current.CancellationToken));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Migrating_again_changes_nothing()
    {
        var connectionString = await TestDatabases.CreateMigratedAsync(services.Postgres);
        await using var db = TestDatabases.CreateDbContext(connectionString);
        var before = await SnapshotAsync(db);

        await TestDatabases.MigrateAsync(connectionString);

        Assert.Equal(before, await SnapshotAsync(db));
    }

    [Fact]
    public async Task Seed_data_matches_the_contract()
    {
        var connectionString = await TestDatabases.CreateMigratedAsync(services.Postgres);
        await using var db = TestDatabases.CreateDbContext(connectionString);

        var videos = await db.ShowcaseVideos.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
        Assert.True(videos.Count >= 6);
        Assert.True(videos.Count(v => v.IsFeatured) >= 3);
        Assert.Equal(
            ["Automotive", "F&B", "Fashion", "Product", "Real Estate", "Tech"],
            videos.Select(v => v.Category).Distinct().Order(StringComparer.Ordinal));
        Assert.All(videos, v => Assert.StartsWith("https://", v.VideoUrl, StringComparison.Ordinal));

        var images = await db.TrialImages.AsNoTracking().Where(i => i.IsActive).CountAsync(TestContext.Current.CancellationToken);
        Assert.Equal(8, images);
    }

    [Fact]
    public async Task Seeding_never_brings_back_content_an_admin_removed()
    {
        var connectionString = await TestDatabases.CreateMigratedAsync(services.Postgres);
        await using var db = TestDatabases.CreateDbContext(connectionString);
        var removed = await db.ShowcaseVideos.Where(v => v.Title == "Brand Story").ExecuteDeleteAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, removed);

        await TestDatabases.MigrateAsync(connectionString);

        Assert.False(await db.ShowcaseVideos.AnyAsync(v => v.Title == "Brand Story", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Two_migrate_commands_at_once_both_succeed_and_seed_once()
    {
        // The real command, twice, racing on a database that does not exist yet.
        var connectionString = MissingDatabase();

        var results = await Task.WhenAll(MigrateProcess.RunAsync(services, connectionString), MigrateProcess.RunAsync(services, connectionString));

        Assert.All(results, result => Assert.True(result.ExitCode == 0, result.Output));
        await using var db = TestDatabases.CreateDbContext(connectionString);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        Assert.Equal(8, await db.TrialImages.CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(
            await db.ShowcaseVideos.CountAsync(TestContext.Current.CancellationToken),
            await db.ShowcaseVideos.Select(v => v.Title).Distinct().CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_migrate_command_fails_with_a_non_zero_exit_code_when_it_cannot_sign_in()
    {
        // A refused sign-in is not transient, so it fails at once instead of after a minute of retries.
        var refused = new NpgsqlConnectionStringBuilder(MissingDatabase()) { Username = "nobody" };

        var result = await MigrateProcess.RunAsync(services, refused.ConnectionString);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Migration failed", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_model_matches_the_migrations()
    {
        await using var db = TestDatabases.CreateDbContext(MissingDatabase());

        Assert.False(db.Database.HasPendingModelChanges(), "The EF model changed without a migration: run dotnet ef migrations add.");
        await Task.CompletedTask;
    }

    private string MissingDatabase() =>
        new NpgsqlConnectionStringBuilder(services.Postgres.ConnectionStringFor($"missing_{Guid.NewGuid():N}")).ConnectionString;

    private static async Task<(int Migrations, int Videos, int Images, int Users)> SnapshotAsync(AIVideoDbContext db) => (
        (await db.Database.GetAppliedMigrationsAsync()).Count(),
        await db.ShowcaseVideos.CountAsync(),
        await db.TrialImages.CountAsync(),
        await db.Set<User>().CountAsync());
}
