using System.Net;
using System.Net.Sockets;

namespace AIVideo.Chaos;

internal static class FreePort
{
    /// <summary>A port the OS has just handed out on 127.0.0.1; the program started next binds it.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
