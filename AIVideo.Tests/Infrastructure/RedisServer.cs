using System.Diagnostics;
using System.Globalization;
using AIVideo.LocalInfrastructure;

namespace AIVideo.Tests.Infrastructure;

/// <summary>
/// Redis for tests: a throwaway in-memory redis-server, or the existing server named by
/// <c>AIVIDEO_TEST_REDIS</c> (a StackExchange.Redis configuration string).
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string EnvironmentVariable = "AIVIDEO_TEST_REDIS";

    private const string _installHint = "run ./test.sh, which installs prerequisites, or apt-get install redis-server";
    private static readonly TimeSpan _startTimeout = TimeSpan.FromSeconds(30);

    private readonly ExternalProcess? _process;

    private RedisServer(string connectionString, ExternalProcess? process)
    {
        ConnectionString = connectionString;
        _process = process;
    }

    /// <summary>StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c>.</summary>
    public string ConnectionString { get; }

    /// <summary>Starts a local redis-server, or uses the one in <c>AIVIDEO_TEST_REDIS</c> when that is set.</summary>
    public static async Task<RedisServer> CreateAsync()
    {
        var external = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            return new RedisServer(external, process: null);
        }

        var port = FreeTcpPort.Next();
        var address = $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        // Persistence is off; the working folder only keeps a stray SAVE out of the current directory.
        var command = LocalRedis.Server(port.ToString(CultureInfo.InvariantCulture), Path.GetTempPath());
        var process = ExternalProcess.Start("redis-server", new ProcessStartInfo(command.FileName, command.ArgumentStrings), _installHint);
        var server = new RedisServer(address, process);
        try
        {
            await process.WaitForPortAsync(port, _startTimeout);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }
}
