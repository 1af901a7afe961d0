extern alias worker;

using System.Net;
using worker::AIVideo.Worker.Media;

namespace AIVideo.Tests.Media;

public sealed class NetworkAddressPolicyTests
{
    [Theory]
    // IPv4
    [InlineData("0.0.0.0")]                 // unspecified (Linux connects it to loopback)
    [InlineData("0.1.2.3")]                 // "this network"
    [InlineData("10.0.0.1")]                // private
    [InlineData("10.255.255.255")]
    [InlineData("100.64.0.1")]              // carrier-grade NAT
    [InlineData("100.127.255.254")]
    [InlineData("127.0.0.1")]               // loopback
    [InlineData("127.1.2.3")]
    [InlineData("127.255.255.254")]
    [InlineData("169.254.169.254")]         // cloud metadata
    [InlineData("169.254.0.1")]             // link-local
    [InlineData("172.16.0.1")]              // private
    [InlineData("172.31.255.255")]
    [InlineData("192.0.0.8")]               // IETF protocol assignments
    [InlineData("192.0.2.1")]               // documentation
    [InlineData("192.88.99.1")]             // 6to4 relay
    [InlineData("192.168.0.1")]             // private
    [InlineData("192.168.255.255")]
    [InlineData("198.18.0.1")]              // benchmarking
    [InlineData("198.19.255.255")]
    [InlineData("198.51.100.7")]            // documentation
    [InlineData("203.0.113.9")]             // documentation
    [InlineData("224.0.0.1")]               // multicast
    [InlineData("239.255.255.250")]
    [InlineData("240.0.0.1")]               // reserved
    [InlineData("255.255.255.255")]         // broadcast
    // IPv6
    [InlineData("::")]                      // unspecified
    [InlineData("::1")]                     // loopback
    [InlineData("::ffff:127.0.0.1")]        // IPv4-mapped
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::ffff:192.168.1.1")]
    [InlineData("::ffff:0.0.0.0")]
    [InlineData("::ffff:7f00:1")]           // mapped, written in hex
    [InlineData("::127.0.0.1")]             // IPv4-compatible
    [InlineData("::10.0.0.1")]
    [InlineData("::169.254.169.254")]
    [InlineData("64:ff9b::a9fe:a9fe")]      // NAT64 of 169.254.169.254
    [InlineData("64:ff9b::127.0.0.1")]
    [InlineData("64:ff9b:1::1")]            // local-use NAT64
    [InlineData("2002:7f00:1::1")]          // 6to4 of 127.0.0.1
    [InlineData("2002:a9fe:a9fe::")]        // 6to4 of 169.254.169.254
    [InlineData("2002:c0a8:101::1")]        // 6to4 of 192.168.1.1
    [InlineData("fc00::1")]                 // unique local
    [InlineData("fd12:3456:789a::1")]
    [InlineData("fd00:ec2::254")]           // the AWS IPv6 metadata endpoint
    [InlineData("fe80::1")]                 // link-local
    [InlineData("fe80::1%1")]
    [InlineData("febf:ffff::1")]
    [InlineData("fec0::1")]                 // site-local (deprecated)
    [InlineData("ff02::1")]                 // multicast
    [InlineData("ff05::1:3")]
    [InlineData("100::1")]                  // discard-only
    [InlineData("2001::1")]                 // Teredo
    [InlineData("2001:2::1")]               // benchmarking
    [InlineData("2001:db8::1")]             // documentation
    [InlineData("3fff::1")]                 // documentation
    [InlineData("4000::1")]                 // outside global unicast
    public void Non_public_addresses_are_refused(string address) =>
        Assert.False(NetworkAddressPolicy.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("93.184.215.14")]
    [InlineData("9.255.255.255")]           // just below 10/8
    [InlineData("11.0.0.0")]                // just above 10/8
    [InlineData("100.63.255.255")]          // just below 100.64/10
    [InlineData("100.128.0.0")]             // just above it
    [InlineData("126.255.255.255")]         // just below 127/8
    [InlineData("128.0.0.1")]
    [InlineData("169.253.255.255")]
    [InlineData("169.255.0.0")]
    [InlineData("172.15.255.255")]          // just below 172.16/12
    [InlineData("172.32.0.0")]              // just above it
    [InlineData("192.0.1.1")]
    [InlineData("192.167.255.255")]
    [InlineData("192.169.0.0")]
    [InlineData("198.17.255.255")]          // just below 198.18/15
    [InlineData("198.20.0.0")]              // just above it
    [InlineData("223.255.255.255")]         // just below multicast
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2a00:1450:4001:81b::200e")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("2001:200::1")]             // just above 2001::/23
    [InlineData("2003::1")]
    [InlineData("3ffe::1")]
    [InlineData("::ffff:8.8.8.8")]          // mapped public IPv4
    [InlineData("64:ff9b::808:808")]        // NAT64 of 8.8.8.8
    [InlineData("2002:808:808::1")]         // 6to4 of 8.8.8.8
    public void Public_addresses_are_allowed(string address) =>
        Assert.True(NetworkAddressPolicy.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public void The_well_known_constants_are_refused()
    {
        Assert.False(NetworkAddressPolicy.IsPublic(IPAddress.Any));
        Assert.False(NetworkAddressPolicy.IsPublic(IPAddress.Loopback));
        Assert.False(NetworkAddressPolicy.IsPublic(IPAddress.Broadcast));
        Assert.False(NetworkAddressPolicy.IsPublic(IPAddress.IPv6Any));
        Assert.False(NetworkAddressPolicy.IsPublic(IPAddress.IPv6Loopback));
        Assert.False(NetworkAddressPolicy.IsPublic(IPAddress.Loopback.MapToIPv6()));
    }
}
