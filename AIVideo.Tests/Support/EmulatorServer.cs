extern alias emulator;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

[assembly: AssemblyFixture(typeof(AIVideo.Tests.Support.EmulatorServer))]

namespace AIVideo.Tests.Support;

/// <summary>
/// The project's Emulator (Google sign-in, video providers) on a real loopback port, once per
/// test run, so the Api reaches it over HTTP exactly as it reaches it under run.sh.
/// </summary>
public sealed class EmulatorServer : IAsyncLifetime
{
    private readonly WebApplicationFactory<emulator::Program> _factory = new WebApplicationFactory<emulator::Program>()
        .WithWebHostBuilder(builder => builder.UseEnvironment("Testing"));

    public Uri BaseAddress { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        _factory.UseKestrel(0);
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();
}
