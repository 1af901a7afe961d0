using System.Globalization;

namespace AIVideo.LocalInfrastructure;

/// <summary>
/// A PostgreSQL cluster in a folder of ours, run in the foreground on 127.0.0.1. PostgreSQL refuses to
/// run as root (as CI and containers run), so as root every command runs as the <c>postgres</c> OS user
/// that the Debian package creates; <c>setpriv</c> execs the program, so the process that is started
/// is PostgreSQL itself and signals reach it directly.
/// </summary>
public static class LocalPostgres
{
    public const string OsUser = "postgres";

    private const string InstallHint = "run ./run.sh or ./test.sh, which install prerequisites, or apt-get install postgresql";

    /// <summary>Durable settings for the developer's database; the tests trade durability for speed.</summary>
    public static readonly IReadOnlyDictionary<string, string> FastSettings = new Dictionary<string, string>
    {
        ["fsync"] = "off",
        ["synchronous_commit"] = "off",
        ["full_page_writes"] = "off",
        ["max_connections"] = "500",
    };

    /// <summary>The newest server binaries: Debian keeps them in /usr/lib/postgresql/{major}/bin, off PATH.</summary>
    public static string FindBinDirectory()
    {
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Where(major => int.TryParse(Path.GetFileName(major), out _))
                .OrderByDescending(major => int.Parse(Path.GetFileName(major), CultureInfo.InvariantCulture))
                .Select(major => Path.Combine(major, "bin"))
            : [];
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator);
        return debian.Concat(path)
            .FirstOrDefault(directory => File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "postgres")))
            ?? throw new InvalidOperationException($"PostgreSQL server binaries (initdb, postgres) not found: {InstallHint}");
    }

    /// <summary>True once <c>initdb</c> has completed in <paramref name="dataDirectory"/>.</summary>
    public static bool IsInitialized(string dataDirectory) => File.Exists(Path.Combine(dataDirectory, "PG_VERSION"));

    /// <summary>
    /// Creates <paramref name="directory"/> for the server's files and, as root, hands it to the postgres
    /// user and lets that user pass through every parent folder (a checkout under /root, for instance).
    /// </summary>
    public static void PrepareDirectory(string directory)
    {
        Directory.CreateDirectory(directory);
        if (OperatingSystem.IsWindows() || !Environment.IsPrivilegedProcess)
        {
            return;
        }

        RunAsRoot("chown", "-R", $"{OsUser}:{OsUser}", directory);
        for (var parent = Path.GetDirectoryName(Path.GetFullPath(directory)); parent is not null; parent = Path.GetDirectoryName(parent))
        {
            var mode = File.GetUnixFileMode(parent);
            if (!mode.HasFlag(UnixFileMode.OtherExecute))
            {
                File.SetUnixFileMode(parent, mode | UnixFileMode.OtherExecute);
            }
        }
    }

    /// <summary>
    /// <c>initdb</c> with <paramref name="superuser"/>: password authentication when a password file is
    /// given, else trust (loopback only, for throwaway test clusters). C locale: the same sort order on
    /// every machine and no dependency on generated OS locales.
    /// </summary>
    public static LocalCommand InitDb(string binDirectory, string dataDirectory, string superuser, string? passwordFile)
    {
        List<object> arguments = ["-D", dataDirectory, "-U", superuser, "-E", "UTF8", "--locale=C", "--no-instructions"];
        arguments.AddRange(passwordFile is null
            ? ["-A", "trust", "--no-sync"]
            : ["-A", "scram-sha-256", $"--pwfile={passwordFile}"]);
        return AsPostgresUser(Path.Combine(binDirectory, "initdb"), arguments);
    }

    /// <summary>The server in the foreground, listening on 127.0.0.1:<paramref name="port"/> and a unix socket in <paramref name="socketDirectory"/>.</summary>
    public static LocalCommand Server(
        string binDirectory, string dataDirectory, object port, string socketDirectory, IReadOnlyDictionary<string, string>? settings = null)
    {
        List<object> arguments = ["-D", dataDirectory, "-p", port, "-k", socketDirectory, "-c", "listen_addresses=127.0.0.1"];
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            arguments.AddRange(["-c", $"{name}={value}"]);
        }

        return AsPostgresUser(Path.Combine(binDirectory, "postgres"), arguments);
    }

    private static LocalCommand AsPostgresUser(string binary, List<object> arguments) =>
        Environment.IsPrivilegedProcess
            ? new LocalCommand("setpriv", ["--reuid", OsUser, "--regid", OsUser, "--init-groups", "--", binary, .. arguments])
            : new LocalCommand(binary, arguments);

    private static void RunAsRoot(string fileName, params string[] arguments)
    {
        using var process = System.Diagnostics.Process.Start(fileName, arguments);
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} exited with code {process.ExitCode}.");
        }
    }
}
