using System.Net;
using System.Net.Sockets;

namespace AIVideo.Worker.Media;

/// <summary>
/// Which addresses the server may connect to on a user's behalf (SSRF): only ones on the public internet, never
/// the machine itself, its private networks or the cloud metadata endpoint.
/// </summary>
internal static class NetworkAddressPolicy
{
    // IANA special-purpose IPv4 ranges (RFC 6890 and its updates) that are not globally reachable, plus the
    // documentation ranges: nothing a real image host lives on.
    private static readonly (byte[] Network, int PrefixLength)[] _nonPublicIPv4 =
    [
        ([0, 0, 0, 0], 8),          // "this network", including 0.0.0.0, which Linux connects to loopback
        ([10, 0, 0, 0], 8),         // private
        ([100, 64, 0, 0], 10),      // carrier-grade NAT
        ([127, 0, 0, 0], 8),        // loopback
        ([169, 254, 0, 0], 16),     // link-local, including 169.254.169.254 (cloud metadata)
        ([172, 16, 0, 0], 12),      // private
        ([192, 0, 0, 0], 24),       // IETF protocol assignments
        ([192, 0, 2, 0], 24),       // documentation
        ([192, 88, 99, 0], 24),     // 6to4 relay anycast
        ([192, 168, 0, 0], 16),     // private
        ([198, 18, 0, 0], 15),      // benchmarking
        ([198, 51, 100, 0], 24),    // documentation
        ([203, 0, 113, 0], 24),     // documentation
        ([224, 0, 0, 0], 4),        // multicast
        ([240, 0, 0, 0], 4),        // reserved, including 255.255.255.255 (broadcast)
    ];

    private static readonly byte[] _globalUnicast = [0x20, 0x00];           // 2000::/3
    private static readonly byte[] _nat64 = [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0]; // 64:ff9b::/96, well-known NAT64
    private static readonly byte[] _sixToFour = [0x20, 0x02];               // 2002::/16 embeds an IPv4 address

    // Inside 2000::/3 but not reachable web hosts.
    private static readonly (byte[] Network, int PrefixLength)[] _nonPublicIPv6 =
    [
        ([0x20, 0x01, 0x00, 0x00], 23),     // IETF protocol assignments: Teredo, benchmarking, ORCHID
        ([0x20, 0x01, 0x0d, 0xb8], 32),     // documentation
        ([0x3f, 0xff, 0x00], 20),           // documentation
    ];

    /// <summary>
    /// True when <paramref name="address"/> is a globally reachable unicast address. IPv6 forms that carry an IPv4
    /// address (mapped <c>::ffff:a.b.c.d</c>, compatible <c>::a.b.c.d</c>, NAT64, 6to4) are judged by that address.
    /// </summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsPublicIPv4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => IsPublicIPv6(address.GetAddressBytes()),
            _ => false,
        };
    }

    private static bool IsPublicIPv4(ReadOnlySpan<byte> address)
    {
        foreach (var (network, prefixLength) in _nonPublicIPv4)
        {
            if (HasPrefix(address, network, prefixLength))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPublicIPv6(ReadOnlySpan<byte> address)
    {
        // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible; covers :: and ::1 too, as 0.0.0.0 and 0.0.0.1).
        if (address[..10].IndexOfAnyExcept((byte)0) < 0
            && ((address[10] == 0xff && address[11] == 0xff) || (address[10] == 0 && address[11] == 0)))
        {
            return IsPublicIPv4(address[12..]);
        }

        if (HasPrefix(address, _nat64, 96))
        {
            return IsPublicIPv4(address[12..]);
        }

        if (HasPrefix(address, _sixToFour, 16))
        {
            return IsPublicIPv4(address[2..6]);
        }

        // Everything else outside global unicast is not public: unique local fc00::/7, link-local fe80::/10,
        // site-local fec0::/10, multicast ff00::/8, discard 100::/64, local-use NAT64 64:ff9b:1::/48.
        if (!HasPrefix(address, _globalUnicast, 3))
        {
            return false;
        }

        foreach (var (network, prefixLength) in _nonPublicIPv6)
        {
            if (HasPrefix(address, network, prefixLength))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether the first <paramref name="prefixLength"/> bits of <paramref name="address"/> equal those of
    /// <paramref name="network"/>, which must be at least that many bits long.
    /// </summary>
    private static bool HasPrefix(ReadOnlySpan<byte> address, ReadOnlySpan<byte> network, int prefixLength)
    {
        var wholeBytes = prefixLength / 8;
        if (!address[..wholeBytes].SequenceEqual(network[..wholeBytes]))
        {
            return false;
        }

        var remainingBits = prefixLength % 8;
        if (remainingBits == 0)
        {
            return true;
        }

        var mask = (byte)(0xff << (8 - remainingBits));
        return (address[wholeBytes] & mask) == (network[wholeBytes] & mask);
    }
}
