extern alias emulator;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

[assembly: AssemblyFixture(typeof(AIVideo.Tests.Support.EmulatorServer))]

namespace AIVideo.Tests.Support;

/// <summary>
/// The project's Emulator (Google sign-in, video providers, Stripe) on a real loopback port, once per
/// test run, so the Api reaches it over HTTP exactly as it reaches it under run.sh.
/// </summary>
public sealed class EmulatorServer : IAsyncLifetime
{
    private readonly EmulatorFactory _factory = new();

    public Uri BaseAddress { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        // Port 0: the system picks a free one, so parallel test runs on one machine never collide.
        _factory.UseKestrel(0);
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    /// <summary>How many provider jobs the Emulator was asked to create with <paramref name="prompt"/>.</summary>
    public int JobsCreatedWith(string prompt) => Jobs.StatesOfJobsCreatedWith(prompt).Count;

    /// <summary>The phase (<c>Running</c>, <c>Cancelled</c>, …) of each provider job created with <paramref name="prompt"/>.</summary>
    public IReadOnlyList<string> JobPhasesWith(string prompt) => [.. Jobs.StatesOfJobsCreatedWith(prompt).Select(job => job.Phase.ToString())];

    /// <summary>Whether every provider job created with <paramref name="prompt"/> has finished.</summary>
    public bool JobsFinishedWith(string prompt) => Jobs.StatesOfJobsCreatedWith(prompt) is { Count: > 0 } jobs && jobs.All(job => job.IsTerminal);

    /// <summary>
    /// Sends the Stripe events of sessions created with <paramref name="apiKey"/> to <paramref name="webhookUrl"/>,
    /// signed with <paramref name="secret"/>: each test class's Api is its own Stripe account.
    /// </summary>
    public void RegisterStripeAccount(string apiKey, Uri webhookUrl, string secret) =>
        _factory.Services.GetRequiredService<emulator::AIVideo.Emulator.Stripe.StripeAccounts>().Register(apiKey, webhookUrl, secret);

    private emulator::AIVideo.Emulator.Providers.JobStore Jobs => _factory.Services.GetRequiredService<emulator::AIVideo.Emulator.Providers.JobStore>();

    private sealed class EmulatorFactory : WebApplicationFactory<emulator::Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseEnvironment("Testing");
    }
}
