namespace AIVideo.Tests.Infrastructure;

/// <summary>Locates the repository checkout, where tools such as node_modules/.bin/azurite are installed.</summary>
internal static class RepositoryRoot
{
    public const string EnvironmentVariable = "AIVIDEO_REPO_ROOT";
    private const string _solutionFile = "AIVideo.sln";

    /// <summary><c>AIVIDEO_REPO_ROOT</c> when set, else the nearest folder above the test binaries holding AIVideo.sln.</summary>
    public static string Find()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, _solutionFile)))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No folder above {AppContext.BaseDirectory} holds {_solutionFile}; set {EnvironmentVariable} to the repository root.");
    }
}
