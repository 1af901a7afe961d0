using System.Globalization;
using AIVideo.LocalInfrastructure;
using Azure.Storage.Blobs;

namespace AIVideo.Chaos;

/// <summary>The run's own Azurite (AIVideo.LocalInfrastructure), in memory: blobs and queues live as long as the run.</summary>
internal sealed class ChaosAzurite
{
    private readonly ChildProcess _server;

    private ChaosAzurite(ChildProcess server, string connectionString)
    {
        _server = server;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<ChaosAzurite> StartAsync(string repositoryRoot, string logFile, CancellationToken cancellationToken)
    {
        var executable = LocalAzurite.Executable(repositoryRoot);
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"{executable} is missing: run scripts/chaos.sh, which runs npm ci.");
        }

        string blob = Port(), queue = Port(), table = Port();
        var server = ChildProcess.Start("azurite", LocalAzurite.Server(repositoryRoot, blob, queue, table, location: null), repositoryRoot, logFile);
        var azurite = new ChaosAzurite(server, string.Concat(LocalAzurite.ConnectionString(blob, queue, table)));

        // One authenticated call shows the account really works, not just that node listens.
        var blobs = new BlobServiceClient(azurite.ConnectionString);
        await Waits.UntilAsync("Azurite answers", TimeSpan.FromSeconds(30), async () =>
        {
            try
            {
                await blobs.GetPropertiesAsync(cancellationToken);
                return true;
            }
            catch (Exception exception) when (exception is Azure.RequestFailedException or HttpRequestException or AggregateException)
            {
                return false;
            }
        }, cancellationToken, server);
        return azurite;
    }

    public Task StopAsync() => _server.StopAsync();

    private static string Port() => FreePort.Next().ToString(CultureInfo.InvariantCulture);
}
