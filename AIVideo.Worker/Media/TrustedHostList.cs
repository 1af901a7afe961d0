using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace AIVideo.Worker.Media;

/// <summary>The <see cref="ExternalImageOptions.TrustedHosts"/> set, compared as normalised <c>host:port</c> keys.</summary>
internal sealed class TrustedHostList
{
    private readonly HashSet<string> _keys = new(StringComparer.OrdinalIgnoreCase);

    public TrustedHostList(IEnumerable<string> entries)
    {
        foreach (var entry in entries)
        {
            if (!TryParse(entry, out var key))
            {
                throw new ArgumentException($"'{entry}' is not a host:port entry.", nameof(entries));
            }

            _keys.Add(key);
        }
    }

    public bool Contains(string host, int port) => _keys.Count > 0 && _keys.Contains(Key(host, port));

    public static bool IsValid(string entry) => TryParse(entry, out _);

    private static bool TryParse(string entry, [NotNullWhen(true)] out string? key)
    {
        key = null;
        var colon = entry.LastIndexOf(':');
        if (colon <= 0
            || !int.TryParse(entry.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
        {
            return false;
        }

        key = Key(entry[..colon], port);
        return true;
    }

    // Hosts reach us with and without IPv6 brackets depending on the caller (Uri, SocketsHttpHandler).
    private static string Key(string host, int port)
    {
        var bare = host.Trim().TrimStart('[').TrimEnd(']');
        return bare.Contains(':', StringComparison.Ordinal)
            ? $"[{bare}]:{port.ToString(CultureInfo.InvariantCulture)}"
            : $"{bare}:{port.ToString(CultureInfo.InvariantCulture)}";
    }
}
