using System.Text.RegularExpressions;
using AIVideo.Core.Data.Entities;
using AIVideo.Core.Videos;
using AIVideo.Tests.Infrastructure;

namespace AIVideo.Tests.Core;

/// <summary>The one table of a video's states and moves, and that nothing else spells a state.</summary>
public sealed partial class VideoLifecycleTests
{
    private static readonly string[] s_projects = ["AIVideo.Api", "AIVideo.Core", "AIVideo.Worker"];

    [Theory]
    [InlineData(VideoStatus.Pending, VideoStatus.Processing, true)]
    [InlineData(VideoStatus.Processing, VideoStatus.Pending, true)]
    [InlineData(VideoStatus.Processing, VideoStatus.Completed, true)]
    [InlineData(VideoStatus.Pending, VideoStatus.Failed, true)]
    [InlineData(VideoStatus.Processing, VideoStatus.Failed, true)]
    [InlineData(VideoStatus.Failed, VideoStatus.Pending, true)]
    [InlineData(VideoStatus.Pending, VideoStatus.Completed, false)]
    [InlineData(VideoStatus.Completed, VideoStatus.Pending, false)]
    [InlineData(VideoStatus.Completed, VideoStatus.Failed, false)]
    [InlineData(VideoStatus.Failed, VideoStatus.Processing, false)]
    [InlineData(VideoStatus.Failed, VideoStatus.Completed, false)]
    public void Only_the_moves_of_the_lifecycle_are_allowed(VideoStatus from, VideoStatus to, bool allowed)
    {
        Assert.Equal(allowed, VideoLifecycle.CanMove(from, to));
        if (allowed)
        {
            VideoLifecycle.EnsureAllowed([from], to);
        }
        else
        {
            Assert.Throws<InvalidOperationException>(() => VideoLifecycle.EnsureAllowed([from], to));
        }
    }

    [Fact]
    public void Completed_and_failed_are_the_finished_states_and_every_state_has_one_name()
    {
        Assert.Equal([VideoStatus.Completed, VideoStatus.Failed], Enum.GetValues<VideoStatus>().Where(VideoLifecycle.IsFinished));
        Assert.All(Enum.GetValues<VideoStatus>(), status => Assert.Equal(status, VideoLifecycle.StatusNamed(VideoLifecycle.NameOf(status))));
        Assert.Equal("pending", VideoLifecycle.NameOf(VideoStatus.Pending));
    }

    [Fact]
    public void No_code_outside_the_lifecycle_spells_a_state()
    {
        var root = RepositoryRoot.Find();
        var offenders = s_projects
            .SelectMany(project => Directory.EnumerateFiles(Path.Combine(root, project), "*.cs", SearchOption.AllDirectories))
            .Where(path => !IsExempt(Path.GetRelativePath(root, path)))
            .SelectMany(path => File.ReadLines(path).Select((line, index) => (path, line, index)))
            .Where(entry => StateLiteral().IsMatch(entry.line))
            .Select(entry => $"{Path.GetRelativePath(root, entry.path)}:{entry.index + 1}: {entry.line.Trim()}")
            .ToList();

        Assert.Empty(offenders);
    }

    /// <summary>Build output, migrations (history), and the provider clients, whose words are the providers' own.</summary>
    private static bool IsExempt(string path) =>
        path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || path.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || path.StartsWith(Path.Combine("AIVideo.Worker", "Providers"), StringComparison.Ordinal);

    [GeneratedRegex("""["'](pending|processing|completed|failed)["']""")]
    private static partial Regex StateLiteral();
}
