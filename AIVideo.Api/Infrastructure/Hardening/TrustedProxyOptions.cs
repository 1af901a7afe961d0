namespace AIVideo.Api.Infrastructure.Hardening;

/// <summary>
/// Section <c>ForwardedHeaders</c>: the reverse proxies whose <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> are believed. Anyone else's are ignored, so a client cannot choose
/// the address its rate limit is counted under. Unset, only loopback is trusted (ASP.NET Core's
/// default); setting either list replaces that default.
/// </summary>
public sealed class TrustedProxyOptions
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Proxy addresses, e.g. <c>10.0.0.4</c>.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR form, e.g. <c>10.0.0.0/16</c> (a Container Apps environment's subnet).</summary>
    public string[] KnownNetworks { get; set; } = [];
}
