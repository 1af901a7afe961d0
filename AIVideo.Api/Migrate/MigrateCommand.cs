using AIVideo.Api.Migrate.Seeding;
using AIVideo.Core.Hosting;
using AIVideo.Core.Videos;

namespace AIVideo.Api.Migrate;

/// <summary>
/// <c>AIVideo.Api migrate</c>: in Azure creates the application's database role
/// (<see cref="DatabaseRoleProvisioner"/>), creates the blob containers and queues, uploads the
/// bundled seed media when they are local (Development), applies migrations and seed data, then exits. The
/// AppHost runs it before the services start (WaitForCompletion), as does run.sh; it is safe to
/// run concurrently.
/// </summary>
public static class MigrateCommand
{
    public const string Name = "migrate";

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.AddServiceDefaults();
        builder.AddAIVideoDatabase();
        builder.AddAIVideoStorage();
        builder.Services.AddOptions<VideoQueueOptions>().BindConfiguration(VideoQueueOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<StorageProvisioner>();
        builder.Services.AddSingleton<DatabaseRoleProvisioner>();
        builder.Services.AddScoped<DatabaseMigrator>();
        builder.Services.AddOptions<SeedOptions>().BindConfiguration(SeedOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<SeedMediaUploader>();

        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILogger<DatabaseMigrator>>();
        try
        {
            // The role first: the migrations below connect as it.
            await host.Services.GetRequiredService<DatabaseRoleProvisioner>().ProvisionAsync();
            await using var scope = host.Services.CreateAsyncScope();
            // Storage first: local seed media are uploaded into the showcase container before rows point at them.
            await scope.ServiceProvider.GetRequiredService<StorageProvisioner>().ProvisionAsync();
            var seedMedia = await scope.ServiceProvider.GetRequiredService<SeedMediaUploader>().PrepareAsync();
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(seedMedia);
            logger.LogInformation("Database and storage are up to date");
            return 0;
        }
        catch (Exception exception)
        {
            // The exit code is what the AppHost and run.sh act on; the log says why.
            logger.LogCritical(exception, "Migration failed");
            return 1;
        }
    }
}
