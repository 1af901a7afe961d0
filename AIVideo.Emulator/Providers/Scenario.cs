namespace AIVideo.Emulator.Providers;

/// <summary>Scenario words in a prompt, like test card numbers: they make the emulated provider misbehave on purpose.</summary>
[Flags]
internal enum Scenario
{
    None = 0,
    Fail = 1,
    Moderation = 2,
    RateLimitFirstCreate = 4,
    ErrorOnFirstStatus = 8,
    Slow = 16,
    SlowCreate = 32,
}

internal static class Scenarios
{
    private static readonly (string Word, Scenario Scenario)[] s_words =
    [
        ("[emulator:fail]", Scenario.Fail),
        ("[emulator:moderation]", Scenario.Moderation),
        ("[emulator:429]", Scenario.RateLimitFirstCreate),
        ("[emulator:500]", Scenario.ErrorOnFirstStatus),
        ("[emulator:slow]", Scenario.Slow),
        ("[emulator:slow-create]", Scenario.SlowCreate),
    ];

    public static Scenario Parse(string? prompt)
    {
        var scenario = Scenario.None;
        if (string.IsNullOrEmpty(prompt))
        {
            return scenario;
        }

        foreach (var (word, flag) in s_words)
        {
            if (prompt.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                scenario |= flag;
            }
        }

        return scenario;
    }
}
