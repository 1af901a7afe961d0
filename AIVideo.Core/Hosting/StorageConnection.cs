using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace AIVideo.Core.Hosting;

/// <summary>
/// An Azure Storage connection in either form the Aspire contract allows: a connection string
/// (Azurite, or an account key) or a service endpoint URI used with a token credential
/// (Azure, where shared keys are disabled).
/// </summary>
public sealed record StorageConnection
{
    private StorageConnection(string? connectionString, Uri? serviceUri)
    {
        ConnectionString = connectionString;
        ServiceUri = serviceUri;
    }

    public string? ConnectionString { get; }

    public Uri? ServiceUri { get; }

    /// <summary>True when clients authenticate with a token credential rather than a key.</summary>
    public bool UsesTokenCredential => ServiceUri is not null;

    /// <summary>A value that parses as an absolute http(s) URI is an endpoint; anything else is a connection string.</summary>
    public static StorageConnection Parse(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        var trimmed = value.Trim();
        return Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? new StorageConnection(null, uri)
            : new StorageConnection(trimmed, null);
    }

    public BlobServiceClient CreateBlobServiceClient(Func<TokenCredential> credential, BlobClientOptions? options = null) =>
        ServiceUri is not null
            ? new BlobServiceClient(ServiceUri, credential(), options)
            : new BlobServiceClient(ConnectionString, options);

    public QueueServiceClient CreateQueueServiceClient(Func<TokenCredential> credential, QueueClientOptions? options = null) =>
        ServiceUri is not null
            ? new QueueServiceClient(ServiceUri, credential(), options)
            : new QueueServiceClient(ConnectionString, options);

    // A connection string holds an account key: never let it reach a log through ToString().
    public override string ToString() => ServiceUri?.ToString() ?? "(connection string)";
}
