using System.Diagnostics;
using AIVideo.Tests.Infrastructure;

namespace AIVideo.Tests.Support;

/// <summary>The real <c>AIVideo.Api migrate</c> command, as run.sh runs it: its own process, from the Api's folder.</summary>
internal static class MigrateProcess
{
    public static async Task<(int ExitCode, string Output)> RunAsync(
        TestServices services, string connectionString, string environment = "Development", IReadOnlyDictionary<string, string>? variables = null)
    {
        var api = Path.Combine(AppContext.BaseDirectory, "AIVideo.Api.dll");
        var start = new ProcessStartInfo("dotnet", [api, "migrate"])
        {
            // The content root, where appsettings.{environment}.json is read, as run.sh and the AppHost start it.
            WorkingDirectory = Path.Combine(RepositoryRoot.Find(), "AIVideo.Api"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ConnectionStrings__aivideodb"] = connectionString,
                ["ConnectionStrings__blobs"] = services.Azurite.ConnectionString,
                ["ConnectionStrings__queues"] = services.Azurite.ConnectionString,
                // Development validates the whole service graph at start-up, as run.sh runs it.
                ["DOTNET_ENVIRONMENT"] = environment,
                ["ASPNETCORE_ENVIRONMENT"] = environment,
                ["Logging__Console__FormatterName"] = "simple",
            },
        };
        foreach (var (name, value) in variables ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }
}
