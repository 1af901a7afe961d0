using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace AIVideo.Api.Infrastructure.Hardening;

/// <summary>
/// Server-level limits and headers: Kestrel's header size, count and time-outs, no server banner,
/// JSON depth and string length caps for request bodies, trusted proxies, security headers and HSTS.
/// (The 1 MB request body limit is one of the <see cref="ApiConventions"/>.)
/// </summary>
public static class RequestHardening
{
    /// <summary>Deep enough for any request of the contract (two levels), shallow enough to stop recursion bombs.</summary>
    public const int MaxJsonDepth = 32;

    /// <summary>Kestrel's hard stop: twice what <see cref="RequestHeaderLimit"/> answers with the contract's body.</summary>
    public const int KestrelMaxRequestHeadersBytes = 2 * RequestHeaderLimit.MaxBytes;

    public static WebApplicationBuilder AddRequestHardening(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestHeadersTotalSize = KestrelMaxRequestHeadersBytes;
            kestrel.Limits.MaxRequestHeaderCount = 64;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
            // Slow-loris: a client gets this long to send its headers, and must keep sending a body
            // at Kestrel's minimum data rate (its default) once it starts.
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(15);
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromMinutes(2);
        });

        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.MaxDepth = MaxJsonDepth;
            options.SerializerOptions.Converters.Add(new BoundedStringJsonConverter());
        });

        builder.Services.AddOptions<TrustedProxyOptions>().BindConfiguration(TrustedProxyOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TrustedProxyOptions>, TrustedProxyOptionsValidator>();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TrustedProxyOptions>>((forwarded, trusted) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            if (trusted.Value.KnownProxies.Length + trusted.Value.KnownNetworks.Length == 0)
            {
                return;
            }

            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in trusted.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in trusted.Value.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });

        builder.Services.AddHsts(hsts =>
        {
            hsts.MaxAge = TimeSpan.FromDays(365);
            hsts.IncludeSubDomains = true;
        });

        builder.Services.AddTransient<IStartupFilter, HardeningStartupFilter>();
        return builder;
    }
}
