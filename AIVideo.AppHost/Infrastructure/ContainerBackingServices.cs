namespace AIVideo.AppHost.Infrastructure;

/// <summary>
/// PostgreSQL, Redis and Azurite in containers, where a container runtime is healthy. The database and
/// the blobs live in named volumes, so they persist across runs as the executables' folders do.
/// </summary>
internal static class ContainerBackingServices
{
    // The Azurite release the repository's package-lock.json pins for the executables.
    private const string AzuriteImage = "mcr.microsoft.com/azure-storage/azurite";
    private const string AzuriteTag = "3.37.0";

    public static BackingServices AddContainerBackingServices(
        this IDistributedApplicationBuilder builder, IResourceBuilder<ParameterResource> password)
    {
        var database = builder.AddPostgres("postgres", password: password)
            .WithDataVolume("aivideo-postgres")
            .AddDatabase("aivideodb");
        var cache = builder.AddRedis("cache");

        var azurite = builder.AddContainer("azurite", AzuriteImage, AzuriteTag)
            .WithEndpoint(targetPort: 10000, name: "blob", scheme: "http")
            .WithEndpoint(targetPort: 10001, name: "queue", scheme: "http")
            .WithEndpoint(targetPort: 10002, name: "table", scheme: "http")
            .WithVolume("aivideo-azurite", "/data")
            .WithArgs(
                "azurite", "--blobHost", "0.0.0.0", "--queueHost", "0.0.0.0", "--tableHost", "0.0.0.0",
                "--location", "/data", "--skipApiVersionCheck", "--loose", "--disableTelemetry");
        var storage = azurite.AzuriteConnectionString();
        var blobs = builder.AddConnectionString("blobs", storage).WaitFor(azurite);
        var queues = builder.AddConnectionString("queues", storage).WaitFor(azurite);

        return new BackingServices(database, cache, blobs, queues);
    }
}
