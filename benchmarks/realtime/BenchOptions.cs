using System.Globalization;

namespace RealtimeBench;

/// <summary>Command line: <c>--name value</c> pairs; see scripts/bench-realtime.sh for every one.</summary>
internal sealed record BenchOptions(
    Uri Api,
    string Redis,
    string Database,
    string JwtKey,
    int ApiProcessId,
    int IdleConnections,
    int ActiveConnections,
    int ConnectionsPerUser,
    int Rounds,
    int RoundMilliseconds)
{
    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        string Required(string name) => values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required.");
        int Number(string name, int fallback) => values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

        return new BenchOptions(
            new Uri(Required("api")),
            Required("redis"),
            Required("db"),
            Required("jwt-key"),
            int.Parse(Required("api-pid"), CultureInfo.InvariantCulture),
            Number("idle", 10_000),
            Number("active", 1_000),
            Number("per-user", 10),
            Number("rounds", 200),
            Number("round-ms", 50));
    }
}
