using System.Net;
using System.Net.Sockets;

namespace AIVideo.Tests.Infrastructure;

/// <summary>Finds unused loopback ports for the servers the tests start.</summary>
internal static class FreeTcpPort
{
    // Servers start in parallel and the OS may hand a just-released port out again, so never reuse one in this run.
    private static readonly HashSet<int> _handedOut = [];
    private static readonly Lock _gate = new();

    /// <summary>
    /// Asks the OS for a free port on 127.0.0.1. The port is released before the server binds it, so another
    /// process could take it in between; that window is tiny, and the server's start error then shows it.
    /// </summary>
    public static int Next()
    {
        lock (_gate)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (_handedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
