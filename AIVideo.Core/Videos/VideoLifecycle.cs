using System.Collections.Frozen;
using AIVideo.Core.Data;
using AIVideo.Core.Data.Entities;

namespace AIVideo.Core.Videos;

/// <summary>
/// The states of a video and the only moves between them. Every status change, in the Api and in the
/// Worker, goes through <see cref="VideoTransitions"/>, which checks its move against this table.
/// <code>
/// pending ──submit──▶ processing ──done──▶ completed
///    ▲                  │  │ ▲ (provider job recorded, progress)
///    └──rate limited────┘  └─┘
/// pending, processing ──fail (refunded)──▶ failed ──retry (new attempt, charged)──▶ pending
/// </code>
/// </summary>
public static class VideoLifecycle
{
    /// <summary>The states a video is still being made in: the Worker's messages act only on these.</summary>
    public static readonly IReadOnlyList<VideoStatus> Unfinished = [VideoStatus.Pending, VideoStatus.Processing];

    private static readonly FrozenSet<(VideoStatus From, VideoStatus To)> s_moves = new[]
    {
        (VideoStatus.Pending, VideoStatus.Processing),
        (VideoStatus.Processing, VideoStatus.Pending),
        (VideoStatus.Processing, VideoStatus.Processing),
        (VideoStatus.Processing, VideoStatus.Completed),
        (VideoStatus.Pending, VideoStatus.Failed),
        (VideoStatus.Processing, VideoStatus.Failed),
        (VideoStatus.Failed, VideoStatus.Pending),
    }.ToFrozenSet();

    private static readonly FrozenDictionary<VideoStatus, string> s_names =
        Enum.GetValues<VideoStatus>().ToFrozenDictionary(status => status, SnakeCaseNames.Of);

    private static readonly FrozenDictionary<string, VideoStatus> s_statuses =
        s_names.ToFrozenDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    public static bool CanMove(VideoStatus from, VideoStatus to) => s_moves.Contains((from, to));

    public static bool IsFinished(VideoStatus status) => !Unfinished.Contains(status);

    /// <summary>The word the database and the API use for a state (<c>pending</c>, …).</summary>
    public static string NameOf(VideoStatus status) => s_names[status];

    /// <summary>The state a word names, as raw SQL reads it (EF's conversion does not apply to its results).</summary>
    public static VideoStatus StatusNamed(string name) => s_statuses[name];

    /// <summary>Throws unless every one of <paramref name="from"/> may move to <paramref name="to"/>: a wrong move is our bug.</summary>
    internal static void EnsureAllowed(IEnumerable<VideoStatus> from, VideoStatus to)
    {
        foreach (var status in from)
        {
            if (!CanMove(status, to))
            {
                throw new InvalidOperationException($"A video cannot move from {NameOf(status)} to {NameOf(to)}.");
            }
        }
    }
}
