using System.Diagnostics;

namespace AIVideo.AppHost.Tests;

/// <summary>Azure is deployed by azd from azure.yaml and infra/; the AppHost refuses to publish and says so.</summary>
public sealed class PublishModeTests
{
    [Fact]
    public async Task Publishing_stops_with_a_message_that_points_at_azd_up()
    {
        // The AppHost's own build output (the copy beside the tests lacks its runtime dependencies), in the same configuration.
        var framework = new DirectoryInfo(AppContext.BaseDirectory);
        var appHost = Path.Combine(
            Projects.AIVideo_AppHost.ProjectPath, "bin", framework.Parent!.Name, framework.Name, "AIVideo.AppHost.dll");
        Assert.True(File.Exists(appHost), $"{appHost} is missing: build the AppHost first.");
        using var process = Process.Start(new ProcessStartInfo("dotnet", [appHost, "--operation", "publish"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("azd up", await error, StringComparison.Ordinal);
    }
}
