namespace AIVideo.LocalInfrastructure;

/// <summary>
/// A program and its arguments: an executable resource for the AppHost, a process for the tests. An
/// argument is a string, or a value the caller passed in (the AppHost passes its endpoints' ports, which
/// are only known once the orchestrator allocates them; the tests pass strings).
/// </summary>
public sealed record LocalCommand(string FileName, IReadOnlyList<object> Arguments)
{
    /// <summary>The arguments as text, for callers that passed only strings.</summary>
    public IEnumerable<string> ArgumentStrings => Arguments.Select(argument => argument as string
        ?? throw new InvalidOperationException($"Argument '{argument}' is not a string; the AppHost resolves such values itself."));
}
