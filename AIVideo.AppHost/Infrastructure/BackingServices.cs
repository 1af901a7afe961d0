namespace AIVideo.AppHost.Infrastructure;

/// <summary>
/// The connections every service of the app is given, named after the configuration keys the services
/// read (<c>ConnectionStrings:{aivideodb,cache,blobs,queues}</c>, AIVideo.Core/Hosting/ConnectionNames.cs).
/// Whether local executables or containers stand behind them is decided once, in <see cref="BackingServicesExtensions"/>.
/// </summary>
internal sealed record BackingServices(
    IResourceBuilder<IResourceWithConnectionString> Database,
    IResourceBuilder<IResourceWithConnectionString> Cache,
    IResourceBuilder<IResourceWithConnectionString> Blobs,
    IResourceBuilder<IResourceWithConnectionString> Queues)
{
    public IEnumerable<IResourceBuilder<IResourceWithConnectionString>> All => [Database, Cache, Blobs, Queues];
}
