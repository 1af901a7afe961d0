using System.Net;
using Microsoft.Extensions.Options;

namespace AIVideo.Api.Infrastructure.Hardening;

/// <summary>
/// Outside Development the proxies must be named: behind an ingress, loopback-only would count
/// every client under the ingress's address, and a network of every address (<c>0.0.0.0/0</c>)
/// would let any client choose its own. Entries that do not parse fail start-up, not the first request.
/// </summary>
internal sealed class TrustedProxyOptionsValidator(IHostEnvironment environment) : IValidateOptions<TrustedProxyOptions>
{
    public const string NetworksKey = $"{TrustedProxyOptions.SectionName}:{nameof(TrustedProxyOptions.KnownNetworks)}";
    public const string ProxiesKey = $"{TrustedProxyOptions.SectionName}:{nameof(TrustedProxyOptions.KnownProxies)}";

    public ValidateOptionsResult Validate(string? name, TrustedProxyOptions options)
    {
        var failures = new List<string>();
        if (!environment.IsDevelopment() && options.KnownNetworks.Length + options.KnownProxies.Length == 0)
        {
            failures.Add($"{NetworksKey} is not set: outside Development name the reverse proxy's network ({NetworksKey}:0=10.0.0.0/23) or its addresses ({ProxiesKey}:0).");
        }

        for (var i = 0; i < options.KnownNetworks.Length; i++)
        {
            if (!IPNetwork.TryParse(options.KnownNetworks[i], out var network))
            {
                failures.Add($"{NetworksKey}:{i} is '{options.KnownNetworks[i]}', not a network in CIDR form such as 10.0.0.0/23.");
            }
            else if (network.PrefixLength == 0)
            {
                failures.Add($"{NetworksKey}:{i} is '{options.KnownNetworks[i]}', every address: any client could choose the address it is counted under.");
            }
        }

        for (var i = 0; i < options.KnownProxies.Length; i++)
        {
            if (!IPAddress.TryParse(options.KnownProxies[i], out _))
            {
                failures.Add($"{ProxiesKey}:{i} is '{options.KnownProxies[i]}', not an IP address.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
