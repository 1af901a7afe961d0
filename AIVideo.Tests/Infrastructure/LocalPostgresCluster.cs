using System.Diagnostics;
using System.Globalization;
using AIVideo.LocalInfrastructure;
using AIVideo.Tests.Support;
using Npgsql;

namespace AIVideo.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster in a temp folder, started the way the AppHost starts the developer's
/// (AIVideo.LocalInfrastructure), with settings that trade durability for speed. Trust authentication
/// is safe because it listens on 127.0.0.1 only.
/// </summary>
internal sealed class LocalPostgresCluster : IAsyncDisposable
{
    private const string _installHint = "run ./test.sh, which installs prerequisites, or apt-get install postgresql";
    private static readonly TimeSpan _startTimeout = TimeSpan.FromSeconds(60);

    private readonly string _binDirectory;
    private readonly string _rootDirectory;
    private ExternalProcess? _server;

    private LocalPostgresCluster(string binDirectory, string rootDirectory, int port)
    {
        _binDirectory = binDirectory;
        _rootDirectory = rootDirectory;
        Port = port;
    }

    public int Port { get; }

    private string DataDirectory => Path.Combine(_rootDirectory, "data");

    private string SocketDirectory => Path.Combine(_rootDirectory, "sockets");

    public static async Task<LocalPostgresCluster> CreateAsync()
    {
        var root = Directory.CreateTempSubdirectory("aivideo-pg-").FullName;
        var cluster = new LocalPostgresCluster(LocalPostgres.FindBinDirectory(), root, FreeTcpPort.Next());
        ExitCleanup.Register(cluster.DeleteFiles);
        try
        {
            Directory.CreateDirectory(cluster.SocketDirectory);
            LocalPostgres.PrepareDirectory(root);
            var initdb = LocalPostgres.InitDb(cluster._binDirectory, cluster.DataDirectory, "postgres", passwordFile: null);
            await ExternalProcess.RunAsync("initdb", StartInfo(initdb, root), _installHint, _startTimeout);
            await cluster.StartAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server and waits until it accepts queries (after a crash, once recovery is done).</summary>
    public async Task StartAsync()
    {
        var command = LocalPostgres.Server(
            _binDirectory, DataDirectory, Port.ToString(CultureInfo.InvariantCulture), SocketDirectory, LocalPostgres.FastSettings);
        _server = ExternalProcess.Start("postgres", StartInfo(command, _rootDirectory), _installHint);
        await _server.WaitForPortAsync(Port, _startTimeout);
        await WaitUntilAcceptingQueriesAsync();
    }

    /// <summary>Kills the server and its backends at once, as a crash would; the next start runs crash recovery, which takes milliseconds here.</summary>
    public async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        ExitCleanup.Unregister(DeleteFiles);
        await StopAsync();
        DeleteFiles();
    }

    private static ProcessStartInfo StartInfo(LocalCommand command, string workingDirectory) =>

        // Our folder, because the postgres user may not be allowed into the inherited one (e.g. /root).
        new(command.FileName, command.ArgumentStrings) { WorkingDirectory = workingDirectory };

    private async Task WaitUntilAcceptingQueriesAsync()
    {
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = "postgres",
            Pooling = false,
        }.ConnectionString;
        // Still starting up or recovering ("the database system is starting up"): past the bound
        // Npgsql's own error says why.
        await Eventually.RetryAsync(
            async () =>
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
            },
            exception => exception is NpgsqlException,
            _startTimeout,
            TimeSpan.FromMilliseconds(50));
    }

    private void DeleteFiles()
    {
        try
        {
            Directory.Delete(_rootDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: at exit there is nobody to tell, and the folder is in the temp directory.
        }
    }
}
