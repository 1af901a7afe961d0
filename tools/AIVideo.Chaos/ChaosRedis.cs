using System.Globalization;
using System.Net.Sockets;
using AIVideo.LocalInfrastructure;
using StackExchange.Redis;

namespace AIVideo.Chaos;

/// <summary>The run's own redis-server (AIVideo.LocalInfrastructure), which the run can freeze with CLIENT PAUSE.</summary>
internal sealed class ChaosRedis
{
    private readonly ChildProcess _server;

    private ChaosRedis(ChildProcess server, int port)
    {
        _server = server;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public static async Task<ChaosRedis> StartAsync(string directory, string logFile, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var port = FreePort.Next();
        var server = ChildProcess.Start("redis", LocalRedis.Server(port.ToString(CultureInfo.InvariantCulture), directory), directory, logFile);
        await Waits.UntilAsync("Redis listens", TimeSpan.FromSeconds(30), () => ListensAsync(port), cancellationToken, server);
        return new ChaosRedis(server, port);
    }

    /// <summary>
    /// <c>CLIENT PAUSE ms ALL</c>: Redis holds every client's commands, its own included, for that long, as
    /// a stalled server would. The pause is Redis's own, so it ends on time whatever this run does.
    /// </summary>
    public async Task PauseAsync(TimeSpan duration)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync($"{ConnectionString},allowAdmin=true");
        await redis.GetServer(ConnectionString).ExecuteAsync("CLIENT", "PAUSE", ((long)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), "ALL");
    }

    public Task StopAsync() => _server.StopAsync();

    private static async Task<bool> ListensAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
