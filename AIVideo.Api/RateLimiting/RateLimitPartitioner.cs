using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace AIVideo.Api.RateLimiting;

/// <summary>
/// Decides which counter a request is charged to: the endpoint's policy (or the default one for
/// anything else under <c>/api/v1</c>), and the caller — the signed-in user, or the client address
/// for anonymous calls and for the auth policy, which runs before anyone is signed in.
/// </summary>
internal sealed class RateLimitPartitioner(IOptions<RateLimitOptions> options)
{
    /// <summary>Null when the request is not rate limited (health probes, docs, served uploads).</summary>
    public RateLimitPartition? Resolve(HttpContext context)
    {
        var policy = context.GetEndpoint()?.Metadata.GetMetadata<RateLimitPolicyMetadata>()?.Policy
            ?? (context.Request.Path.StartsWithSegments(ApiRoutes.Prefix) ? RateLimitPolicies.Default : null);
        if (policy is null)
        {
            return null;
        }

        var caller = policy == RateLimitPolicies.Auth ? ClientAddress(context) : User(context) ?? ClientAddress(context);
        return new RateLimitPartition(policy, caller, options.Value.For(policy));
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
