extern alias worker;

using AIVideo.Core.Videos;
using worker::AIVideo.Worker.Providers;

namespace AIVideo.Tests.Providers;

/// <summary>One adapter under test against its own local stub of the provider's API.</summary>
public abstract class ProviderTestBase : IAsyncLifetime
{
    private readonly string _modelId;
    private readonly string _kind;
    private readonly string _providerModel;
    private readonly string _prefix;
    private readonly Dictionary<string, string?>? _settings;

    private protected ProviderTestBase(string modelId, string kind, string providerModel, string prefix, Dictionary<string, string?>? settings = null)
    {
        _modelId = modelId;
        _kind = kind;
        _providerModel = providerModel;
        _prefix = prefix;
        _settings = settings;
    }

    /// <summary>The Worker's wiring, with <see cref="Model"/> configured to point at <see cref="Stub"/>.</summary>
    private protected ProviderTestHost Host { get; private set; } = null!;

    private protected ProviderStub Stub { get; private set; } = null!;

    private protected VideoModel Model { get; private set; } = null!;

    private protected IVideoProvider Provider => Host.For(Model);

    public async ValueTask InitializeAsync()
    {
        Stub = await ProviderStub.StartAsync();
        Model = ProviderSamples.Model(_modelId, _kind, _providerModel, Stub.Url(_prefix));
        Host = new ProviderTestHost([Model], _settings);
    }

    public async ValueTask DisposeAsync()
    {
        Host?.Dispose();
        await Stub.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
