using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace AIVideo.AppHost.Tests;

/// <summary>
/// The application model the AppHost builds, without starting it: which programs or containers stand
/// behind the connections, and that every service waits for what it needs.
/// </summary>
public sealed class BackingServicesModelTests : IDisposable
{
    private static readonly string[] _connections = ["aivideodb", "cache", "blobs", "queues"];

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("aivideo-apphost-model-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task Without_a_container_runtime_postgres_redis_and_azurite_are_local_programs()
    {
        await using var builder = await ModelAsync("executables");

        Assert.Equal(
            ["azurite", "postgres", "postgres-init", "redis"],
            LocalPrograms(builder).Select(r => r.Name).Order());
        Assert.Empty(builder.Resources.OfType<ContainerResource>());
    }

    [Fact]
    public async Task With_a_container_runtime_postgres_redis_and_azurite_are_containers_with_their_data_in_volumes()
    {
        await using var builder = await ModelAsync("containers");

        var containers = builder.Resources.OfType<ContainerResource>().ToDictionary(r => r.Name);
        Assert.Equal(["azurite", "cache", "postgres"], containers.Keys.Order());
        Assert.Empty(LocalPrograms(builder));
        Assert.Contains(containers["postgres"].Annotations.OfType<ContainerMountAnnotation>(), mount => mount.Source == "aivideo-postgres");
        Assert.Contains(containers["azurite"].Annotations.OfType<ContainerMountAnnotation>(), mount => mount.Source == "aivideo-azurite");
    }

    [Theory]
    [InlineData("executables")]
    [InlineData("containers")]
    public async Task Every_service_gets_and_waits_for_the_connections_it_reads_and_starts_after_migrate(string mode)
    {
        await using var builder = await ModelAsync(mode);
        var projects = builder.Resources.OfType<ProjectResource>().ToDictionary(r => r.Name);

        Assert.Equal(["api", "migrate", "videomodel", "worker"], projects.Keys.Order());
        foreach (var name in new[] { "migrate", "api", "worker" })
        {
            var waits = projects[name].Annotations.OfType<WaitAnnotation>().ToLookup(wait => wait.Resource.Name, wait => wait.WaitType);
            Assert.All(_connections, connection => Assert.Contains(WaitType.WaitUntilHealthy, waits[connection]));
            if (name != "migrate")
            {
                Assert.Contains(WaitType.WaitForCompletion, waits["migrate"]);
                Assert.Contains(WaitType.WaitUntilHealthy, waits["videomodel"]);
            }
        }

        // Each connection string waits for the program or container behind it, not only for itself.
        foreach (var connection in builder.Resources.OfType<ConnectionStringResource>())
        {
            Assert.NotEmpty(connection.Annotations.OfType<WaitAnnotation>());
        }
    }

    [Fact]
    public async Task An_unknown_mode_is_refused_with_the_key_to_fix() =>
        Assert.Contains(
            "AIVideo:BackingServices",
            (await Assert.ThrowsAnyAsync<Exception>(() => ModelAsync("virtual-machines"))).ToString(),
            StringComparison.Ordinal);

    // Plain executables: Aspire also models a rebuilder for each project as an executable of its own type.
    private static IEnumerable<ExecutableResource> LocalPrograms(IDistributedApplicationTestingBuilder builder) =>
        builder.Resources.OfType<ExecutableResource>().Where(resource => resource.GetType() == typeof(ExecutableResource));

    private async Task<IDistributedApplicationTestingBuilder> ModelAsync(string mode) =>
        await DistributedApplicationTestingBuilder.CreateAsync<Projects.AIVideo_AppHost>(
            [
                $"AIVideo:BackingServices={mode}",
                $"AIVideo:DataDirectory={_dataDirectory}",
                "Parameters:postgres-password=model-only",
                "Parameters:jwt-signing-key=model-only-model-only-model-only-model-only",
            ],
            TestContext.Current.CancellationToken);
}
