using System.Globalization;
using System.Text;
using AIVideo.Core.Data;
using AIVideo.Core.Data.Entities;

namespace AIVideo.Chaos;

/// <summary>One line of the figures: its value, and whether it holds when it is a check.</summary>
internal sealed record Figure(string Name, string Value, string Rule = "", bool? Holds = null);

/// <summary>
/// The end of the run: the run's figures from PostgreSQL and over HTTP, each with the rule it must meet,
/// the outcome by Emulator word, and every problem with the video it concerns.
/// </summary>
internal sealed class Verdict
{
    private readonly List<Figure> _figures = [];
    private readonly List<string> _problems = [];
    private readonly StringBuilder _byWord = new();

    public bool Passed => _figures.All(f => f.Holds != false);

    public static async Task<Verdict> JudgeAsync(
        string database, HttpClient http, IReadOnlyDictionary<string, ChaosUser> users, IReadOnlyCollection<long> submitted, int required, long poisoned, CancellationToken cancellationToken)
    {
        var verdict = new Verdict();
        var videos = await LedgerState.VideosAsync(database, cancellationToken);
        var balances = await LedgerState.BalancesAsync(database, cancellationToken);
        var duplicates = await LedgerState.DuplicatesAsync(database, cancellationToken);
        var completed = videos.Where(v => v.Status == SnakeCaseNames.Of(VideoStatus.Completed)).ToList();
        var failed = videos.Where(v => v.Status == SnakeCaseNames.Of(VideoStatus.Failed)).ToList();

        var missing = submitted.Except(videos.Select(v => v.Id)).ToList();
        verdict.Add(new Figure("jobs submitted (201 Created)", Count(submitted.Count), $"≥ {required}", submitted.Count >= required));
        verdict.Problems(missing.Select(id => $"video {id} was created (201) but is not in the database"));
        verdict.Add(new Figure("videos in the database", Count(videos.Count), "= submitted", missing.Count == 0 && videos.Count == submitted.Count));
        verdict.Add(new Figure("jobs completed", Count(completed.Count)));
        verdict.Add(new Figure("jobs failed", Count(failed.Count)));

        var badRefunds = failed.Where(v => v.Refunds != 1).ToList();
        verdict.Add(new Figure("failed jobs refunded exactly once", $"{failed.Count - badRefunds.Count} of {failed.Count}", "all", badRefunds.Count == 0));
        verdict.Problems(badRefunds.Select(v => $"video {v.Id} failed with {v.Refunds} refunds of attempt {v.Attempt}"));

        var refundedCompleted = completed.Where(v => v.Refunds != 0).ToList();
        verdict.Add(new Figure("completed jobs refunded", Count(refundedCompleted.Count), "0", refundedCompleted.Count == 0));
        verdict.Problems(refundedCompleted.Select(v => $"video {v.Id} completed and was refunded {v.Refunds} times"));

        var lost = videos.Where(v => !v.IsTerminal).ToList();
        verdict.Add(new Figure("jobs lost (not terminal after the deadline)", Count(lost.Count), "0", lost.Count == 0));
        verdict.Problems(lost.Select(v => $"video {v.Id} is still {v.Status} after the deadline"));

        var doubleCharges = duplicates.Where(d => d.Reason == SnakeCaseNames.Of(CreditReason.GenerationCharge)).ToList();
        var doubleRefunds = duplicates.Where(d => d.Reason == SnakeCaseNames.Of(CreditReason.GenerationRefund)).ToList();
        var uncharged = videos.Where(v => v.Charges == 0).ToList();
        verdict.Add(new Figure("double charges", Count(doubleCharges.Count), "0", doubleCharges.Count == 0));
        verdict.Add(new Figure("double refunds", Count(doubleRefunds.Count), "0", doubleRefunds.Count == 0));
        verdict.Add(new Figure("attempts never charged", Count(uncharged.Count), "0", uncharged.Count == 0));
        verdict.Problems(duplicates.Select(d => $"video {d.VideoId} attempt {d.Attempt} has {d.Rows} {d.Reason} rows"));
        verdict.Problems(uncharged.Select(v => $"video {v.Id} attempt {v.Attempt} has no charge"));

        var unbalanced = balances.Where(b => b.Credits != b.LedgerSum).ToList();
        verdict.Add(new Figure("users whose ledger sum equals their balance", $"{balances.Count - unbalanced.Count} of {balances.Count}", "all", unbalanced.Count == 0));
        verdict.Problems(unbalanced.Select(b => $"user {b.Email}: balance {b.Credits}, ledger sum {b.LedgerSum}"));

        var emails = balances.ToDictionary(b => b.Id, b => b.Email);
        var mediaProblems = 0;
        foreach (var video in completed)
        {
            var problem = users.TryGetValue(emails[video.UserId], out var owner)
                ? await MediaCheck.ProblemAsync(http, owner, video.Id, cancellationToken)
                : $"its owner {emails[video.UserId]} is not one of the run's users";
            if (problem is not null)
            {
                mediaProblems++;
                verdict._problems.Add($"video {video.Id} ({video.Word}): {problem}");
            }
        }

        verdict.Add(new Figure("completed videos whose video and poster answer 200", $"{completed.Count - mediaProblems} of {completed.Count}", "all", mediaProblems == 0));

        // What each user reads through the Api (served from a replica's copies, which PostgreSQL's
        // change reports keep current) must be what the database holds, after every fault.
        var staleReaders = 0;
        foreach (var balance in balances)
        {
            if (!users.TryGetValue(balance.Email, out var reader))
            {
                continue;
            }

            var mine = videos.Where(v => v.UserId == balance.Id).ToDictionary(v => v.Id, v => v.Status);
            if (await ReadsProblemAsync(reader, balance.Credits, mine, cancellationToken) is { } problem)
            {
                staleReaders++;
                verdict._problems.Add($"user {balance.Email}: {problem}");
            }
        }

        var readers = balances.Count(b => users.ContainsKey(b.Email));
        verdict.Add(new Figure("users whose balance and videos read through the Api match the database", $"{readers - staleReaders} of {readers}", "all", staleReaders == 0));

        // The provider refuses these for good: completing one would mean a result from nowhere.
        var impossible = completed.Where(v => v.Word is "[emulator:fail]" or "[emulator:moderation]").ToList();
        verdict.Add(new Figure("fail/moderation jobs completed", Count(impossible.Count), "0", impossible.Count == 0));
        verdict.Problems(impossible.Select(v => $"video {v.Id} ({v.Word}) completed"));
        verdict.Add(new Figure("messages moved to the poison queue", poisoned.ToString(CultureInfo.InvariantCulture)));

        verdict.DescribeByWord(videos);
        return verdict;
    }

    /// <summary>Null when <c>/auth/me</c> shows <paramref name="credits"/> and the video list shows exactly <paramref name="statuses"/>.</summary>
    private static async Task<string?> ReadsProblemAsync(ChaosUser reader, decimal credits, Dictionary<long, string> statuses, CancellationToken cancellationToken)
    {
        var (meStatus, me) = await reader.ReadAsync("/api/v1/auth/me", cancellationToken);
        if (meStatus != System.Net.HttpStatusCode.OK || me is null)
        {
            return $"GET /api/v1/auth/me answered {meStatus?.ToString() ?? "nothing"}";
        }

        if ((decimal)me["credits"]! != credits)
        {
            return $"/auth/me shows {me["credits"]} credits, the database {credits}";
        }

        var listed = new Dictionary<long, string>();
        for (var page = 1; ; page++)
        {
            var (listStatus, list) = await reader.ReadAsync($"/api/v1/videos?page={page}&page_size=100", cancellationToken);
            if (listStatus != System.Net.HttpStatusCode.OK || list is null)
            {
                return $"GET /api/v1/videos?page={page} answered {listStatus?.ToString() ?? "nothing"}";
            }

            var shown = list["videos"]!.AsArray();
            foreach (var video in shown)
            {
                listed[(long)video!["id"]!] = (string)video["status"]!;
            }

            if (shown.Count < 100)
            {
                break;
            }
        }

        var differing = statuses.Where(s => !listed.TryGetValue(s.Key, out var shown) || shown != s.Value).Select(s => s.Key).ToList();
        return differing.Count == 0 && listed.Count == statuses.Count
            ? null
            : $"/videos lists {listed.Count} videos, the database {statuses.Count}; differing: {string.Join(", ", differing)}";
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| figure | value | must be | |").AppendLine("|---|---|---|---|");
        foreach (var figure in _figures)
        {
            var mark = figure.Holds switch { true => "ok", false => "**FAILED**", null => "" };
            text.AppendLine(CultureInfo.InvariantCulture, $"| {figure.Name} | {figure.Value} | {figure.Rule} | {mark} |");
        }

        text.AppendLine().Append(_byWord);
        if (_problems.Count > 0)
        {
            text.AppendLine().AppendLine("Problems:");
            foreach (var problem in _problems)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {problem}");
            }
        }

        return text.ToString();
    }

    private void DescribeByWord(IReadOnlyList<VideoState> videos)
    {
        _byWord.AppendLine("| word | jobs | completed | failed | why they failed |").AppendLine("|---|---|---|---|---|");
        foreach (var group in videos.GroupBy(v => v.Word).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var reasons = group.Where(v => v.Error is not null)
                .GroupBy(v => v.Error!)
                .OrderByDescending(g => g.Count())
                .Select(g => $"{g.Count()}× {g.Key}");
            _byWord.AppendLine(CultureInfo.InvariantCulture,
                $"| {group.Key} | {group.Count()} | {group.Count(v => v.Status == SnakeCaseNames.Of(VideoStatus.Completed))} | {group.Count(v => v.Status == SnakeCaseNames.Of(VideoStatus.Failed))} | {string.Join("; ", reasons)} |");
        }
    }

    /// <summary>A fault the run had to inject, with how often it did: a run that could not inject one proves nothing.</summary>
    public void RequireFault(string name, double done, double atLeast, string unit = "") =>
        Add(new Figure(name, $"{done.ToString("0.#", CultureInfo.InvariantCulture)}{unit}", $"≥ {atLeast.ToString("0.#", CultureInfo.InvariantCulture)}{unit}", done >= atLeast));

    private void Add(Figure figure) => _figures.Add(figure);

    private void Problems(IEnumerable<string> problems) => _problems.AddRange(problems);

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
