namespace AIVideo.Core.Hosting;

/// <summary>
/// The connection names of the Aspire contract: the AppHost injects <c>ConnectionStrings:{name}</c>
/// for each resource, and <c>run.sh</c>, the tests and Azure set the same keys.
/// </summary>
public static class ConnectionNames
{
    public const string Database = "aivideodb";

    /// <summary>
    /// Azure only, the migrations job only: the server administrator, which creates the role
    /// <see cref="Database"/> logs in as (AIVideo.Api migrate).
    /// </summary>
    public const string DatabaseAdmin = "aivideodb-admin";
    public const string Cache = "cache";
    public const string Blobs = "blobs";
    public const string Queues = "queues";
}
