using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace AIVideo.AppHost.Infrastructure;

/// <summary>Whether a container runtime answers here, the way Aspire's orchestrator would use it.</summary>
internal static class ContainerRuntime
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// True when <c>docker info</c> (or <c>podman info</c>, as chosen by <c>ASPIRE_CONTAINER_RUNTIME</c>)
    /// answers within five seconds. A client without a daemon, as on a machine with the Docker CLI only,
    /// is not a runtime: Aspire would leave every container resource in <c>RuntimeUnhealthy</c>.
    /// </summary>
    public static bool IsHealthy(IConfiguration configuration)
    {
        var runtime = configuration["ASPIRE_CONTAINER_RUNTIME"] ?? configuration["DOTNET_ASPIRE_CONTAINER_RUNTIME"] ?? "docker";
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
            {
                return false;
            }

            if (!process.WaitForExit(s_timeout))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            // No such program.
            return false;
        }
    }
}
