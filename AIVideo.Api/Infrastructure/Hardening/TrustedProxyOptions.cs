namespace AIVideo.Api.Infrastructure.Hardening;

/// <summary>
/// Section <c>ForwardedHeaders</c>: the reverse proxies whose <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> are believed. Anyone else's are ignored, so a client cannot choose
/// the address its rate limit is counted under. In Development, unset means loopback only
/// (ASP.NET Core's default); outside Development one of the lists must be set
/// (<see cref="TrustedProxyOptionsValidator"/>), and setting either replaces that default.
/// </summary>
public sealed class TrustedProxyOptions
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Proxy addresses, e.g. <c>10.0.0.4</c>.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR form, e.g. <c>10.0.0.0/23</c> (a Container Apps environment's infrastructure subnet).</summary>
    public string[] KnownNetworks { get; set; } = [];
}
