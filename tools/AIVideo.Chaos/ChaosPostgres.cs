using System.Globalization;
using AIVideo.LocalInfrastructure;
using Npgsql;

namespace AIVideo.Chaos;

/// <summary>
/// The run's own PostgreSQL cluster (AIVideo.LocalInfrastructure), kept on disk in the chaos folder so it
/// survives the restart the run inflicts. Trust authentication: it listens on 127.0.0.1 only and lives
/// for one run.
/// </summary>
internal sealed class ChaosPostgres(string binDirectory, string directory, string socketDirectory, string logFile)
{
    private const string Superuser = "postgres";
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);

    private ChildProcess? _server;

    public int Port { get; } = FreePort.Next();

    public string ConnectionString => ConnectionStringFor("aivideodb");

    private string DataDirectory => Path.Combine(directory, "data");

    public static async Task<ChaosPostgres> CreateAsync(string directory, string logFile, CancellationToken cancellationToken)
    {
        // Unix socket paths are limited to about 107 bytes, which a deep checkout would exceed.
        var sockets = Directory.CreateTempSubdirectory("aivideo-chaos-pg-").FullName;
        var bin = LocalPostgres.FindBinDirectory();
        var postgres = new ChaosPostgres(bin, directory, sockets, logFile);
        LocalPostgres.PrepareDirectory(directory);
        LocalPostgres.PrepareDirectory(sockets);
        var initdb = ChildProcess.Start("initdb", LocalPostgres.InitDb(bin, Path.Combine(directory, "data"), Superuser, passwordFile: null), directory, logFile);
        if (!await initdb.WaitForExitAsync(s_startTimeout) || initdb.ExitCode != 0)
        {
            throw new InvalidOperationException($"initdb failed; see {logFile}.");
        }

        await postgres.StartAsync(cancellationToken);
        return postgres;
    }

    /// <summary>Starts the server on its port and waits until it accepts queries (after a restart, once recovery is done).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var command = LocalPostgres.Server(binDirectory, DataDirectory, Port.ToString(CultureInfo.InvariantCulture), socketDirectory, LocalPostgres.FastSettings);
        _server = ChildProcess.Start("postgres", command, directory, logFile);
        await Waits.UntilAsync("PostgreSQL accepts queries", s_startTimeout, AcceptsQueriesAsync, cancellationToken, _server);
    }

    /// <summary>A fast shutdown (SIGINT): open transactions roll back and every client is disconnected.</summary>
    public async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.StopAsync("INT");
            _server = null;
        }
    }

    public void DeleteSocketDirectory()
    {
        try
        {
            Directory.Delete(socketDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: it is an empty folder under /tmp.
        }
    }

    private string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = Superuser,
        Database = database,
    }.ConnectionString;

    private async Task<bool> AcceptsQueriesAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres") + ";Pooling=false;Timeout=3");
            await connection.OpenAsync();
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }
}
