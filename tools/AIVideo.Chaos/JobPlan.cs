namespace AIVideo.Chaos;

/// <summary>One generation of the run: who asks, with which model, which Emulator word, and when.</summary>
internal sealed record PlannedJob(int Number, int User, string Model, string Word, TimeSpan At)
{
    public string Prompt(int seed) => $"Chaos run {seed}, job {Number}: a lighthouse in a storm at dusk {Word}".TrimEnd();
}

internal static class JobPlan
{
    public static readonly string[] Models = ["sora-2", "sora-1", "runway-gen3"];

    /// <summary>
    /// The Emulator's scenario words (AIVideo.Emulator/Providers/Scenario.cs) and the share of jobs that
    /// carry each; the rest carry none. Each word appears at least once in any run of five jobs or more.
    /// </summary>
    public static readonly (string Word, double Share)[] Words =
    [
        ("[emulator:fail]", 0.08),
        ("[emulator:moderation]", 0.06),
        ("[emulator:429]", 0.10),
        ("[emulator:500]", 0.10),
        ("[emulator:slow]", 0.08),
    ];

    /// <summary>Models round-robin, users round-robin, words dealt and shuffled, moments spread over the window, all from <paramref name="random"/>.</summary>
    public static IReadOnlyList<PlannedJob> Make(Random random, int jobs, int users, TimeSpan window)
    {
        var words = Words.SelectMany(w => Enumerable.Repeat(w.Word, Math.Max(1, (int)Math.Round(w.Share * jobs)))).ToList();
        words.AddRange(Enumerable.Repeat("", Math.Max(0, jobs - words.Count)));
        var dealt = words.Take(jobs).ToArray();
        random.Shuffle(dealt);

        var moments = Enumerable.Range(0, jobs).Select(_ => window * random.NextDouble()).Order().ToArray();
        return [.. Enumerable.Range(0, jobs).Select(i => new PlannedJob(i + 1, i % users, Models[(i + (i / Models.Length)) % Models.Length], dealt[i], moments[i]))];
    }
}
