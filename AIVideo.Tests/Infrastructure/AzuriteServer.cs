using System.Diagnostics;
using System.Globalization;
using AIVideo.LocalInfrastructure;
using Azure.Storage.Blobs;

namespace AIVideo.Tests.Infrastructure;

/// <summary>
/// Azure Storage for tests: a throwaway in-memory Azurite (blobs, queues, tables) from the repository's
/// node_modules, or the account named by <c>AIVIDEO_TEST_STORAGE</c> (a storage connection string).
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    public const string EnvironmentVariable = "AIVIDEO_TEST_STORAGE";

    private const string _installHint = "run ./test.sh, which installs prerequisites, or npm ci in the repository root";

    private static readonly TimeSpan _startTimeout = TimeSpan.FromSeconds(30);

    private readonly ExternalProcess? _process;

    private AzuriteServer(string connectionString, ExternalProcess? process)
    {
        ConnectionString = connectionString;
        _process = process;
    }

    /// <summary>Storage connection string with explicit blob, queue and table endpoints.</summary>
    public string ConnectionString { get; }

    /// <summary>Starts a local Azurite, or uses the account in <c>AIVIDEO_TEST_STORAGE</c> when that is set.</summary>
    public static async Task<AzuriteServer> CreateAsync()
    {
        var external = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            return new AzuriteServer(external, process: null);
        }

        var root = RepositoryRoot.Find();
        var executable = LocalAzurite.Executable(root);
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"azurite not found at {executable}: {_installHint}");
        }

        int blobPort = FreeTcpPort.Next(), queuePort = FreeTcpPort.Next(), tablePort = FreeTcpPort.Next();
        var command = LocalAzurite.Server(root, Format(blobPort), Format(queuePort), Format(tablePort), location: null);
        var process = ExternalProcess.Start("azurite", new ProcessStartInfo(command.FileName, command.ArgumentStrings), _installHint);
        var server = new AzuriteServer(BuildConnectionString(blobPort, queuePort, tablePort), process);
        try
        {
            await process.WaitForPortAsync(blobPort, _startTimeout);
            await process.WaitForPortAsync(queuePort, _startTimeout);

            // An open port only shows node is listening; one authenticated call shows the account really works.
            using var cancellation = new CancellationTokenSource(_startTimeout);
            await new BlobServiceClient(server.ConnectionString).GetPropertiesAsync(cancellation.Token);
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

    private static string BuildConnectionString(int blobPort, int queuePort, int tablePort) =>
        string.Concat(LocalAzurite.ConnectionString(Format(blobPort), Format(queuePort), Format(tablePort)));

    private static string Format(int port) => port.ToString(CultureInfo.InvariantCulture);
}
