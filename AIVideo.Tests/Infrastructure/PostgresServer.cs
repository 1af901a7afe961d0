using System.Collections.Concurrent;
using AIVideo.Tests.Support;
using Npgsql;

namespace AIVideo.Tests.Infrastructure;

/// <summary>
/// PostgreSQL for tests: a throwaway local cluster, or the existing server named by
/// <c>AIVIDEO_TEST_POSTGRES</c> (an Npgsql connection string whose user may create databases).
/// Tests that stop the server must start their own instance rather than stop the shared one.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string EnvironmentVariable = "AIVIDEO_TEST_POSTGRES";

    // CREATE DATABASE ... TEMPLATE fails while anyone is connected to the template; give them time to leave.
    private static readonly TimeSpan _templateBusyTimeout = TimeSpan.FromSeconds(10);

    private readonly LocalPostgresCluster? _cluster;

    // Only matters on an external server, which outlives the run; a local cluster is deleted whole.
    private readonly ConcurrentDictionary<string, byte> _createdDatabases = new();

    private PostgresServer(string adminConnectionString, LocalPostgresCluster? cluster)
    {
        // Every test database gets pools of its own, and a finished test class leaves its pools
        // behind: with Npgsql's default five idle minutes, a fast run holds hundreds of idle
        // connections and reaches the server's max_connections. Idle ones close after seconds here.
        AdminConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString)
        {
            ConnectionIdleLifetime = 10,
            ConnectionPruningInterval = 2,
        }.ConnectionString;
        _cluster = cluster;
    }

    /// <summary>Connection string to the <c>postgres</c> database, as a user who may create databases.</summary>
    public string AdminConnectionString { get; }

    /// <summary>False for an external server: it is not ours to stop, so tests that need that should skip.</summary>
    public bool CanStopAndStart => _cluster is not null;

    private LocalPostgresCluster Cluster => _cluster ?? throw new InvalidOperationException(
        $"This PostgreSQL server comes from {EnvironmentVariable} and is not the tests' to stop or start; skip when {nameof(CanStopAndStart)} is false.");

    /// <summary>Starts a local cluster, or connects to the server in <c>AIVIDEO_TEST_POSTGRES</c> when that is set.</summary>
    public static async Task<PostgresServer> CreateAsync()
    {
        var external = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            return new PostgresServer(external, cluster: null);
        }

        var cluster = await LocalPostgresCluster.CreateAsync();
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = cluster.Port,
            Username = "postgres",
            Database = "postgres",
            IncludeErrorDetail = true,
        }.ConnectionString;
        return new PostgresServer(connectionString, cluster);
    }

    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database }.ConnectionString;

    /// <summary>Creates a uniquely named database, optionally as a copy of <paramref name="template"/>; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? template = null)
    {
        var name = $"test_{Guid.NewGuid():N}";
        if (template is null)
        {
            await ExecuteAsync($"CREATE DATABASE {Quote(name)}");
        }
        else
        {
            // Our own idle pooled connections to the template would block the copy.
            ClearPoolFor(template);
            await CreateFromTemplateAsync(name, template);
        }

        _createdDatabases.TryAdd(name, 0);
        return ConnectionStringFor(name);
    }

    /// <summary>Drops a database, disconnecting whoever still uses it.</summary>
    public async Task DropDatabaseAsync(string name)
    {
        // Close our idle pooled connections cleanly; FORCE ends the rest, and pooled ones would be dead afterwards.
        ClearPoolFor(name);
        await ExecuteAsync($"DROP DATABASE IF EXISTS {Quote(name)} WITH (FORCE)");
        _createdDatabases.TryRemove(name, out _);
    }

    /// <summary>Stops the server at once (like a crash), so tests can see how the code behaves with the database down.</summary>
    public async Task StopAsync()
    {
        await Cluster.StopAsync();

        // Pooled connections now point at a dead server; without this the first command after StartAsync would fail.
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Starts the server again after <see cref="StopAsync"/>, on the same port with the same data.</summary>
    public Task StartAsync() => Cluster.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
            return;
        }

        foreach (var name in _createdDatabases.Keys)
        {
            await DropDatabaseAsync(name);
        }
    }

    private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private void ClearPoolFor(string database)
    {
        using var connection = new NpgsqlConnection(ConnectionStringFor(database));
        NpgsqlConnection.ClearPool(connection);
    }

    // Only "template in use" is retried; past the bound PostgreSQL's own error is what the test sees.
    private Task CreateFromTemplateAsync(string name, string template) =>
        Eventually.RetryAsync(
            () => ExecuteAsync($"CREATE DATABASE {Quote(name)} TEMPLATE {Quote(template)}"),
            exception => exception is PostgresException { SqlState: PostgresErrorCodes.ObjectInUse },
            _templateBusyTimeout,
            TimeSpan.FromMilliseconds(200));

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
