namespace AIVideo.Core.Hosting;

/// <summary>
/// The connection names of the Aspire contract: the AppHost injects <c>ConnectionStrings:{name}</c>
/// for each resource, and <c>run.sh</c>, the tests and Azure set the same keys.
/// </summary>
public static class ConnectionNames
{
    public const string Database = "aivideodb";
    public const string Cache = "cache";
    public const string Blobs = "blobs";
    public const string Queues = "queues";
}
