using AIVideo.Tests.Infrastructure;

namespace AIVideo.Tests.Support;

/// <summary>A test class with its own real Api (own database) and a client for it.</summary>
public abstract class ApiTestBase(TestServices services, EmulatorServer? emulator = null) : IAsyncLifetime
{
    protected TestServices Services { get; } = services;

    protected EmulatorServer? Emulator { get; } = emulator;

    protected ApiFactory Api { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = null!;

    /// <summary>Extra configuration for this class's Api.</summary>
    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    public virtual async ValueTask InitializeAsync()
    {
        Api = await ApiFactory.CreateAsync(Services, Emulator, Settings);
        Client = Api.CreateClient();
    }

    public virtual async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Api.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
