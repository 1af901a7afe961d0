using System.ComponentModel.DataAnnotations;

namespace AIVideo.Worker.Media;

/// <summary>Section <c>Media:ExternalImages</c>: how <see cref="ExternalImageFetcher"/> loads reference images by URL.</summary>
internal sealed class ExternalImageOptions
{
    public const string SectionName = "Media:ExternalImages";

    /// <summary>Largest body accepted, in bytes.</summary>
    [Range(1, 1 << 30)]
    public int MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>For the whole fetch: every redirect, the connections and the body.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    [Range(0, 10)]
    public int MaxRedirects { get; set; } = 3;

    /// <summary>Accept <c>http</c> URLs too. Off in every deployment: it exists for tests against a loopback server.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>
    /// <c>host:port</c> entries (<c>[::1]:8080</c> for IPv6) exempt from the public-address rule, matched against the
    /// URL's host as written. Empty in every deployment: it exists for tests against a loopback server.
    /// </summary>
    public IReadOnlyList<string> TrustedHosts { get; set; } = [];
}
