using System.Security.Cryptography;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace AIVideo.AppHost.Tests;

/// <summary>
/// The real AppHost, started once for the tests of a class: PostgreSQL, Redis and Azurite (local
/// programs here, containers where a runtime is healthy), <c>migrate</c>, the Api, the Worker and the
/// Emulator, with its data in a temporary folder and its traces sent to an <see cref="OtlpTraceCollector"/>.
/// Every wait is bounded and says which resource did not come up.
/// </summary>
public sealed class RunningAppHost : IAsyncLifetime
{
    // First runs on a 2-core machine: initdb, a cold start of every .NET service, the migrations.
    private static readonly TimeSpan _startupTimeout = TimeSpan.FromMinutes(4);

    private static readonly string[] _healthyResources = ["postgres", "redis", "azurite", "videomodel", "api", "worker"];

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("aivideo-apphost-").FullName;
    private OtlpTraceCollector? _traces;
    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The AppHost has not started.");

    public OtlpTraceCollector Traces => _traces ?? throw new InvalidOperationException("The AppHost has not started.");

    public async ValueTask InitializeAsync()
    {
        _traces = await OtlpTraceCollector.StartAsync();
        var cancellationToken = TestContext.Current.CancellationToken;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AIVideo_AppHost>(
            [
                $"AIVideo:DataDirectory={_dataDirectory}",
                $"Parameters:postgres-password={Convert.ToHexString(RandomNumberGenerator.GetBytes(16))}",
                $"Parameters:jwt-signing-key={Convert.ToBase64String(RandomNumberGenerator.GetBytes(48))}",
            ],
            cancellationToken);

        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(project)
                .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", _traces.Endpoint)
                .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                .WithEnvironment("OTEL_SERVICE_NAME", project.Name)
                .WithEnvironment("OTEL_BSP_SCHEDULE_DELAY", "500");
        }

        // Jobs that finish in a second and are polled every second keep the test short.
        builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "videomodel"))
            .WithEnvironment("Emulator__JobDuration", "00:00:01");
        var worker = builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "worker"));
        foreach (var kind in new[] { "openai-videos", "azure-sora-jobs", "runway" })
        {
            worker.WithEnvironment($"VideoJobs__PollIntervals__{kind}", "00:00:01");
        }

        _app = await builder.BuildAsync(cancellationToken);
        await _app.StartAsync(cancellationToken).WaitAsync(_startupTimeout, cancellationToken);

        await WaitAsync("migrate", "to finish", notifications => notifications.WaitForResourceAsync("migrate", KnownResourceStates.Finished, cancellationToken));
        foreach (var resource in _healthyResources)
        {
            await WaitAsync(resource, "to be healthy", notifications => notifications.WaitForResourceHealthyAsync(resource, cancellationToken));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_traces is not null)
        {
            await _traces.DisposeAsync();
        }

        Directory.Delete(_dataDirectory, recursive: true);
    }

    /// <summary>The resource's current state, exit code and health, for failure messages.</summary>
    public string Describe(string resource) =>
        App.ResourceNotifications.TryGetCurrentState(resource, out var current)
            ? $"state {current.Snapshot.State?.Text ?? "none"}, exit code {current.Snapshot.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, health {current.Snapshot.HealthStatus?.ToString() ?? "none"}"
            : "never reported";

    private async Task WaitAsync(string resource, string what, Func<ResourceNotificationService, Task> wait)
    {
        try
        {
            await wait(App.ResourceNotifications).WaitAsync(_startupTimeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(
                $"Resource '{resource}' did not come up: waited {_startupTimeout.TotalMinutes:0} minutes for it {what}; {Describe(resource)}.", e);
        }
    }
}
