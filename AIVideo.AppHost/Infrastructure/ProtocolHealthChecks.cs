using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AIVideo.AppHost.Infrastructure;

/// <summary>Health checks that speak just enough of a server's protocol to know it serves requests.</summary>
internal static class ProtocolHealthChecks
{
    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(3) };

    /// <summary>Healthy once Redis answers <c>PING</c> with <c>+PONG</c> (it refuses commands while loading).</summary>
    public static async Task<HealthCheckResult> RedisPingAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
        var buffer = new byte[64];
        var read = await stream.ReadAsync(buffer, cancellationToken);
        var answer = Encoding.ASCII.GetString(buffer, 0, read);
        return answer.StartsWith("+PONG", StringComparison.Ordinal)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"Redis answered '{answer.TrimEnd()}' to PING.");
    }

    /// <summary>Healthy once the server answers HTTP at all: Azurite refuses an unsigned request, and that is an answer.</summary>
    public static async Task<HealthCheckResult> HttpAnswersAsync(string url, CancellationToken cancellationToken)
    {
        using var response = await s_http.GetAsync(url, cancellationToken);
        return HealthCheckResult.Healthy($"{url} answered {(int)response.StatusCode}.");
    }
}
