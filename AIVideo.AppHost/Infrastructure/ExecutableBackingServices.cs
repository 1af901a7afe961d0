using System.Security.Cryptography;
using System.Text;
using AIVideo.LocalInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace AIVideo.AppHost.Infrastructure;

/// <summary>
/// PostgreSQL, Redis and Azurite as local programs, for machines without a container runtime. Their
/// command lines come from AIVideo.LocalInfrastructure, which the test fixtures start too; the
/// orchestrator picks each port, proxies it, and hands the services the connection strings.
/// </summary>
internal static class ExecutableBackingServices
{
    private const string DatabaseUser = "aivideo";

    public static BackingServices AddExecutableBackingServices(
        this IDistributedApplicationBuilder builder, IResourceBuilder<ParameterResource> password, string dataDirectory)
    {
        var postgres = builder.AddLocalPostgres(password, Path.Combine(dataDirectory, "postgres"));
        var redis = builder.AddLocalRedis(Path.Combine(dataDirectory, "redis"));
        var azurite = builder.AddLocalAzurite(Path.Combine(dataDirectory, "azurite"));

        var postgresPort = postgres.GetEndpoint("tcp").Property(EndpointProperty.Port);
        var database = builder.AddConnectionString("aivideodb", ReferenceExpression.Create(
            $"Host=127.0.0.1;Port={postgresPort};Username={DatabaseUser};Password={password};Database=aivideodb"));
        var cache = builder.AddConnectionString("cache", ReferenceExpression.Create(
            $"127.0.0.1:{redis.GetEndpoint("tcp").Property(EndpointProperty.Port)}"));
        var storage = azurite.AzuriteConnectionString();
        var blobs = builder.AddConnectionString("blobs", storage);
        var queues = builder.AddConnectionString("queues", storage);

        // A project that waits for a connection string does not wait for the program behind it.
        return new BackingServices(
            database.WaitFor(postgres), cache.WaitFor(redis), blobs.WaitFor(azurite), queues.WaitFor(azurite));
    }

    private static IResourceBuilder<ExecutableResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, IResourceBuilder<ParameterResource> password, string directory)
    {
        var bin = LocalPostgres.FindBinDirectory();
        var data = Path.Combine(directory, "data");
        LocalPostgres.PrepareDirectory(directory);

        // Unix socket paths are limited to ~107 bytes: a deep checkout gets its sockets in a folder of
        // its own under /tmp, the same one on every run.
        var sockets = directory.Length < 80
            ? directory
            : Path.Combine(Path.GetTempPath(), $"aivideo-pg-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(directory)))[..12]}");
        LocalPostgres.PrepareDirectory(sockets);

        var server = builder.AddExecutable("postgres", "postgres", directory)
            .WithEndpoint(name: "tcp", scheme: "tcp");
        server.WithLocalCommand(LocalPostgres.Server(bin, data, server.GetEndpoint("tcp").Property(EndpointProperty.TargetPort), sockets));

        const string healthCheck = "postgres-accepts-queries";
        var maintenance = ReferenceExpression.Create(
            $"Host=127.0.0.1;Port={server.GetEndpoint("tcp").Property(EndpointProperty.Port)};Username={DatabaseUser};Password={password};Database=postgres;Pooling=false;Timeout=3");
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheck, async cancellationToken =>
        {
            await using var connection = new NpgsqlConnection(await maintenance.GetValueAsync(cancellationToken));
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        });
        server.WithHealthCheck(healthCheck);

        if (!LocalPostgres.IsInitialized(data))
        {
            server.WaitForCompletion(builder.AddPostgresInit(bin, password, directory, data));
        }

        return server;
    }

    /// <summary>A one-shot <c>initdb</c> for the first run; the cluster then persists in the data folder.</summary>
    private static IResourceBuilder<ExecutableResource> AddPostgresInit(
        this IDistributedApplicationBuilder builder, string bin, IResourceBuilder<ParameterResource> password, string directory, string data)
    {
        // initdb reads the superuser's password from a file; it exists only while initdb runs.
        var passwordFile = Path.Combine(directory, "initdb-password");
        var init = builder.AddExecutable("postgres-init", "initdb", directory)
            .WithLocalCommand(LocalPostgres.InitDb(bin, data, DatabaseUser, passwordFile));

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(init.Resource, async (_, cancellationToken) =>
        {
            await File.WriteAllTextAsync(passwordFile, await password.Resource.GetValueAsync(cancellationToken), cancellationToken);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            LocalPostgres.PrepareDirectory(directory);
        });
        builder.Eventing.Subscribe<ResourceStoppedEvent>(init.Resource, (_, _) =>
        {
            File.Delete(passwordFile);
            return Task.CompletedTask;
        });

        return init;
    }

    private static IResourceBuilder<ExecutableResource> AddLocalRedis(this IDistributedApplicationBuilder builder, string directory)
    {
        Directory.CreateDirectory(directory);
        var redis = builder.AddExecutable("redis", "redis-server", directory)
            .WithEndpoint(name: "tcp", scheme: "tcp");
        redis.WithLocalCommand(LocalRedis.Server(redis.GetEndpoint("tcp").Property(EndpointProperty.TargetPort), directory));

        var port = redis.GetEndpoint("tcp");
        builder.Services.AddHealthChecks().AddAsyncCheck("redis-answers-ping", cancellationToken =>
            ProtocolHealthChecks.RedisPingAsync(port.Port, cancellationToken));
        return redis.WithHealthCheck("redis-answers-ping");
    }

    private static IResourceBuilder<ExecutableResource> AddLocalAzurite(this IDistributedApplicationBuilder builder, string directory)
    {
        Directory.CreateDirectory(directory);
        var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
        var azurite = builder.AddExecutable("azurite", LocalAzurite.Executable(repositoryRoot), repositoryRoot)
            .WithEndpoint(name: "blob", scheme: "http")
            .WithEndpoint(name: "queue", scheme: "http")
            .WithEndpoint(name: "table", scheme: "http");
        azurite.WithLocalCommand(LocalAzurite.Server(
            repositoryRoot,
            azurite.GetEndpoint("blob").Property(EndpointProperty.TargetPort),
            azurite.GetEndpoint("queue").Property(EndpointProperty.TargetPort),
            azurite.GetEndpoint("table").Property(EndpointProperty.TargetPort),
            directory));

        var blob = azurite.GetEndpoint("blob");
        var queue = azurite.GetEndpoint("queue");
        builder.Services.AddHealthChecks().AddAsyncCheck("azurite-answers-http", async cancellationToken =>
        {
            var blobs = await ProtocolHealthChecks.HttpAnswersAsync(blob.Url, cancellationToken);
            return blobs.Status == HealthStatus.Healthy ? await ProtocolHealthChecks.HttpAnswersAsync(queue.Url, cancellationToken) : blobs;
        });
        return azurite.WithHealthCheck("azurite-answers-http");
    }

    /// <summary>Runs <paramref name="command"/> (AIVideo.LocalInfrastructure) as this executable.</summary>
    private static IResourceBuilder<ExecutableResource> WithLocalCommand(
        this IResourceBuilder<ExecutableResource> executable, LocalCommand command) =>
        executable.WithCommand(command.FileName).WithArgs([.. command.Arguments]);
}
