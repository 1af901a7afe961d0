using System.Globalization;

namespace AIVideo.Chaos;

/// <summary>
/// What one run does, from the command line (<c>--seed N --jobs N --users N --data DIR</c>). The timings
/// are short on purpose: a killed Worker's messages come back within seconds, and an attempt that cannot
/// finish fails at a deadline the run can wait for.
/// </summary>
internal sealed record ChaosSettings
{
    public required int Seed { get; init; }

    public required string RepositoryRoot { get; init; }

    /// <summary>Where the run keeps the database, the logs and its summary (<c>.local/chaos</c>).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Release or Debug: whose build outputs are started.</summary>
    public string Configuration { get; init; } = "Release";

    public int Jobs { get; init; } = 56;

    public int Users { get; init; } = 6;

    /// <summary>Generations are spread over this window, so faults meet jobs at every step.</summary>
    public TimeSpan SubmitWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Faults happen between these two moments after the first submission.</summary>
    public TimeSpan FaultsFrom { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan FaultsUntil { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary><c>VideoJobs:Deadline</c>: an attempt unfinished this long after its charge fails and is refunded.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// <c>Emulator:SlowJobDuration</c>, longer than the deadline: every <c>[emulator:slow]</c> job ends at the
    /// deadline, so the run always exercises the deadline's fail-and-refund path.
    /// </summary>
    public TimeSpan SlowJobDuration { get; init; } = TimeSpan.FromSeconds(150);

    /// <summary><c>VideoJobs:VisibilityTimeout</c>: how soon a killed Worker's messages are seen again.</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.FromSeconds(12);

    /// <summary>Beyond the deadline, how long a job may still take to be seen terminal before it counts as lost.</summary>
    public TimeSpan LostMargin { get; init; } = TimeSpan.FromSeconds(60);

    public static ChaosSettings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'. Usage: AIVideo.Chaos --root DIR [--seed N] [--jobs N] [--users N] [--data DIR] [--configuration Release|Debug]");
            }

            values[args[i][2..]] = args[++i];
        }

        var root = Path.GetFullPath(values.GetValueOrDefault("root") ?? throw new ArgumentException("--root (the repository root) is required."));
        var settings = new ChaosSettings
        {
            // A new seed each run unless one is given; the seed is printed so a run can be repeated.
            Seed = values.TryGetValue("seed", out var seed) ? Number(seed, "seed") : Random.Shared.Next(1, 1_000_000),
            RepositoryRoot = root,
            DataDirectory = Path.GetFullPath(values.GetValueOrDefault("data") ?? Path.Combine(root, ".local", "chaos")),
            Configuration = values.GetValueOrDefault("configuration") ?? "Release",
        };
        settings = values.TryGetValue("jobs", out var jobs) ? settings with { Jobs = Number(jobs, "jobs") } : settings;
        settings = values.TryGetValue("users", out var users) ? settings with { Users = Number(users, "users") } : settings;
        if (settings.Jobs < 1 || settings.Users < 1)
        {
            throw new ArgumentException("--jobs and --users must be at least 1.");
        }

        return settings;
    }

    private static int Number(string text, string name) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"--{name} must be a whole number, not '{text}'.");
}
