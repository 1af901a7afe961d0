extern alias worker;

using AIVideo.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AIVideo.Tests.Support;

/// <summary>The real Worker, in process, on the same database, storage and queues as an <see cref="ApiFactory"/>.</summary>
public sealed class WorkerFactory(TestServices services, string databaseConnectionString, EmulatorServer emulator, IReadOnlyDictionary<string, string?> settings)
    : WebApplicationFactory<worker::Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        TestHostConfiguration.Apply(builder, services, databaseConnectionString, maxPoolSize: 10);
        builder.UseSetting("services:videomodel:http:0", emulator.BaseAddress.ToString());
        TestHostConfiguration.ApplySettings(builder, settings);
    }
}
