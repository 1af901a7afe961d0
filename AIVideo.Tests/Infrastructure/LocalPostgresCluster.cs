using System.Diagnostics;
using System.Globalization;

namespace AIVideo.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster in a temp folder, driven with initdb and pg_ctl. Settings trade durability
/// for speed (fsync off etc.) and trust authentication is safe because it listens on 127.0.0.1 only.
/// </summary>
internal sealed class LocalPostgresCluster : IAsyncDisposable
{
    private const string _installHint = "run ./test.sh, which installs prerequisites, or apt-get install postgresql";
    private const string _postgresUser = "postgres";
    private static readonly TimeSpan _commandTimeout = TimeSpan.FromSeconds(60);

    private readonly string _binDirectory;
    private readonly string _rootDirectory;

    private LocalPostgresCluster(string binDirectory, string rootDirectory, int port)
    {
        _binDirectory = binDirectory;
        _rootDirectory = rootDirectory;
        Port = port;
    }

    public int Port { get; }

    private string DataDirectory => Path.Combine(_rootDirectory, "data");

    private string SocketDirectory => Path.Combine(_rootDirectory, "sockets");

    private string LogFile => Path.Combine(_rootDirectory, "server.log");

    // The postmaster's lock file, there from start until it exits; also when pg_ctl gave up waiting but the server came up anyway.
    private bool IsRunning => File.Exists(Path.Combine(DataDirectory, "postmaster.pid"));

    public static async Task<LocalPostgresCluster> CreateAsync()
    {
        var root = Directory.CreateTempSubdirectory("aivideo-pg-").FullName;
        var cluster = new LocalPostgresCluster(FindBinDirectory(), root, FreeTcpPort.Next());
        ExitCleanup.Register(cluster.CleanUpAtExit);
        try
        {
            await cluster.InitializeAsync();
            await cluster.StartAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async Task StartAsync()
    {
        // The unix socket goes to our own folder so nothing depends on /var/run/postgresql existing.
        var options = string.Join(
            ' ',
            $"-p {Port.ToString(CultureInfo.InvariantCulture)}",
            $"-k {SocketDirectory}",
            "-c listen_addresses=127.0.0.1",
            "-c fsync=off",
            "-c synchronous_commit=off",
            "-c full_page_writes=off",
            "-c max_connections=500");
        try
        {
            // -l matters: without it the daemonised postmaster inherits pg_ctl's output pipe and the read never ends.
            await RunToolAsync("pg_ctl", "start", "-w", "-s", "-t", "30", "-D", DataDirectory, "-l", LogFile, "-o", options);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"{e.Message}\nServer log ({LogFile}):\n{ReadLog()}", e);
        }
    }

    /// <summary>Stops at once, as a crash would; the next start runs crash recovery, which takes milliseconds here.</summary>
    public Task StopAsync() => RunToolAsync("pg_ctl", "stop", "-w", "-s", "-m", "immediate", "-D", DataDirectory);

    public async ValueTask DisposeAsync()
    {
        ExitCleanup.Unregister(CleanUpAtExit);
        try
        {
            if (IsRunning)
            {
                await StopAsync();
            }
        }
        finally
        {
            Directory.Delete(_rootDirectory, recursive: true);
        }
    }

    // Debian keeps initdb and pg_ctl in /usr/lib/postgresql/<major>/bin, off PATH; take the newest major there.
    private static string FindBinDirectory()
    {
        var debianBinDirectories = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Where(major => int.TryParse(Path.GetFileName(major), out _))
                .OrderByDescending(major => int.Parse(Path.GetFileName(major), CultureInfo.InvariantCulture))
                .Select(major => Path.Combine(major, "bin"))
            : [];
        var pathDirectories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator);
        return debianBinDirectories.Concat(pathDirectories)
            .FirstOrDefault(directory => File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl")))
            ?? throw new InvalidOperationException($"PostgreSQL server binaries (initdb, pg_ctl) not found: {_installHint}");
    }

    private async Task InitializeAsync()
    {
        Directory.CreateDirectory(SocketDirectory);
        if (Environment.IsPrivilegedProcess)
        {
            var chown = new ProcessStartInfo("chown", ["-R", $"{_postgresUser}:{_postgresUser}", _rootDirectory]);
            await ExternalProcess.RunAsync("chown", chown, _installHint, _commandTimeout);
        }

        // C locale: the same sort order on every machine, and no dependency on generated OS locales.
        await RunToolAsync(
            "initdb", "-D", DataDirectory, "-U", _postgresUser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions");
    }

    private Task RunToolAsync(string tool, params string[] arguments) =>
        ExternalProcess.RunAsync(tool, ToolStartInfo(tool, arguments), _installHint, _commandTimeout);

    private void CleanUpAtExit()
    {
        if (IsRunning)
        {
            ExternalProcess.RunBestEffort(ToolStartInfo("pg_ctl", ["stop", "-w", "-s", "-m", "immediate", "-D", DataDirectory]), _commandTimeout);
        }

        try
        {
            Directory.Delete(_rootDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the process is exiting and there is nobody to tell.
        }
    }

    private ProcessStartInfo ToolStartInfo(string tool, string[] arguments)
    {
        var binary = Path.Combine(_binDirectory, tool);

        // PostgreSQL refuses to run as root (as CI runs), so drop to the postgres user the Debian package creates.
        var startInfo = Environment.IsPrivilegedProcess
            ? new ProcessStartInfo("runuser", ["-u", _postgresUser, "--", binary, .. arguments])
            : new ProcessStartInfo(binary, arguments);

        // Our folder, because the postgres user may not be allowed into the inherited one (e.g. /root).
        startInfo.WorkingDirectory = _rootDirectory;
        return startInfo;
    }

    private string ReadLog() => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "(no log written)";
}
