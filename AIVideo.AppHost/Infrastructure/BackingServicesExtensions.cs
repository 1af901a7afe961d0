namespace AIVideo.AppHost.Infrastructure;

internal static class BackingServicesExtensions
{
    /// <summary>Configuration key: <c>auto</c> (the default), <c>containers</c> or <c>executables</c>.</summary>
    public const string ModeKey = "AIVideo:BackingServices";

    /// <summary>
    /// PostgreSQL, Redis and Azurite: as containers where a healthy container runtime answers, else as
    /// local executables (the same programs the test fixtures start, AIVideo.LocalInfrastructure).
    /// </summary>
    public static BackingServices AddBackingServices(this IDistributedApplicationBuilder builder, string dataDirectory)
    {
        var password = builder.AddParameter(
            "postgres-password", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);

        return UseContainers(builder)
            ? builder.AddContainerBackingServices(password)
            : builder.AddExecutableBackingServices(password, dataDirectory);
    }

    /// <summary>Adds every connection to <paramref name="project"/> and makes it wait until each answers.</summary>
    public static IResourceBuilder<ProjectResource> WithBackingServices(
        this IResourceBuilder<ProjectResource> project, BackingServices services)
    {
        foreach (var connection in services.All)
        {
            project.WithReference(connection).WaitFor(connection);
        }

        return project;
    }

    private static bool UseContainers(IDistributedApplicationBuilder builder) =>
        (builder.Configuration[ModeKey] ?? "auto").ToLowerInvariant() switch
        {
            "auto" => ContainerRuntime.IsHealthy(builder.Configuration),
            "containers" => true,
            "executables" => false,
            var other => throw new InvalidOperationException(
                $"{ModeKey} is '{other}'; use auto, containers or executables."),
        };
}
