using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.IdentityModel.JsonWebTokens;

namespace AIVideo.Api.RateLimiting;

/// <summary>
/// A policy's rule applied per caller: the signed-in user, or the client address for anonymous
/// calls and for the auth policy, which runs before anyone is signed in. The counter's key is
/// <c>{policy}:{caller}</c> (<c>generate:user:42</c>), the same on every replica.
/// </summary>
internal sealed class CallerRateLimiterPolicy(string policy, RateLimitRule rule, RateLimitCounter counts, TimeProvider time)
    : IRateLimiterPolicy<string>
{
    /// <summary>None of its own: the options' handler writes the contract's 429 for every policy.</summary>
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => null;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        var caller = policy == RateLimitPolicies.Auth ? ClientAddress(httpContext) : User(httpContext) ?? ClientAddress(httpContext);
        return RateLimitPartition.Get($"{policy}:{caller}", counter => new RedisFixedWindowRateLimiter(counter, rule, counts, time));
    }

    private static string? User(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true && context.User.FindFirst(JwtRegisteredClaimNames.Sub)?.Value is { Length: > 0 } subject
            ? $"user:{subject}"
            : null;

    /// <summary>
    /// The address after the forwarded-headers middleware, which only believes trusted proxies.
    /// An IPv6 client usually holds a whole /64, so it is counted per /64: otherwise rotating
    /// addresses inside its own network would dodge the limit.
    /// </summary>
    private static string ClientAddress(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "ip:unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return $"ip:{new IPAddress(bytes)}/64";
        }

        return $"ip:{address}";
    }
}
