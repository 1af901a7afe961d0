namespace AIVideo.LocalInfrastructure;

/// <summary>Azurite, the Azure Storage emulator, from the repository's node_modules (pinned in package-lock.json).</summary>
public static class LocalAzurite
{
    // Azurite's fixed development account; the key is public and documented by Microsoft.
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static string Executable(string repositoryRoot) => Path.Combine(repositoryRoot, "node_modules", ".bin", "azurite");

    /// <summary>Blobs, queues and tables on 127.0.0.1; kept in <paramref name="location"/>, or in memory when it is null.</summary>
    public static LocalCommand Server(string repositoryRoot, object blobPort, object queuePort, object tablePort, string? location)
    {
        List<object> arguments =
        [
            "--silent",

            // The Azure SDK may speak a newer REST API version than this Azurite knows; the project doesn't need the difference.
            "--skipApiVersionCheck", "--loose",

            // Telemetry would try the internet and hold up shutdown.
            "--disableTelemetry",
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--blobPort", blobPort, "--queuePort", queuePort, "--tablePort", tablePort,
        ];
        arguments.AddRange(location is null ? ["--inMemoryPersistence"] : ["--location", location]);
        return new LocalCommand(Executable(repositoryRoot), arguments);
    }

    /// <summary>
    /// The development account's connection string on the given ports, in pieces: literal text and the
    /// port values exactly as passed (the AppHost passes endpoint references; the tests concatenate strings).
    /// </summary>
    public static IReadOnlyList<object> ConnectionString(object blobPort, object queuePort, object tablePort) =>
    [
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:",
        blobPort,
        $"/{AccountName};QueueEndpoint=http://127.0.0.1:",
        queuePort,
        $"/{AccountName};TableEndpoint=http://127.0.0.1:",
        tablePort,
        $"/{AccountName};",
    ];
}
