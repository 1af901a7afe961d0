using System.Net;
using System.Net.Sockets;

namespace AIVideo.Worker.Media;

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> of <see cref="ExternalImageFetcher"/>: resolves the host itself,
/// refuses it when any of its addresses is not public, and connects to exactly the addresses it checked. Checking
/// here rather than before the request means a DNS answer cannot change between the check and the connection
/// (DNS rebinding), and every redirect's host is checked the same way.
/// </summary>
internal sealed class PublicAddressConnector(TrustedHostList trustedHosts)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var (host, port) = (context.DnsEndPoint.Host, context.DnsEndPoint.Port);
        var addresses = IPAddress.TryParse(host.TrimStart('[').TrimEnd(']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        // Any non-public answer refuses the host: a name that also points inside is not an image host.
        if (!trustedHosts.Contains(host, port) && !addresses.All(NetworkAddressPolicy.IsPublic))
        {
            throw new AddressNotAllowedException(host);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>Thrown from the connect callback, so that the fetcher can tell a refused address from a network failure.</summary>
internal sealed class AddressNotAllowedException(string host)
    : IOException($"'{host}' resolves to an address that is not public.");
