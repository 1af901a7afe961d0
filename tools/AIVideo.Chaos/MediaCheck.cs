using System.Net;

namespace AIVideo.Chaos;

/// <summary>A completed video's media as its owner's browser would load them: the video object, then both signed URLs.</summary>
internal static class MediaCheck
{
    /// <summary>Null when the video and its poster both answer 200; else what went wrong with each.</summary>
    public static async Task<string?> ProblemAsync(HttpClient http, ChaosUser owner, long videoId, CancellationToken cancellationToken)
    {
        var (status, video) = await owner.GetVideoAsync(videoId, cancellationToken);
        if (status != HttpStatusCode.OK || video is null)
        {
            return $"GET /api/v1/videos/{videoId} answered {status?.ToString() ?? "nothing"}";
        }

        var problems = new List<string>();
        foreach (var field in (string[])["video_url", "poster_url"])
        {
            if ((string?)video[field] is not { } url)
            {
                problems.Add($"{field} is null");
                continue;
            }

            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                // Azurite names the reason, BlobNotFound for a blob that is gone.
                var reason = response.Headers.TryGetValues("x-ms-error-code", out var codes) ? " " + string.Join(",", codes) : "";
                problems.Add($"{field} answered {(int)response.StatusCode}{reason} ({new Uri(url).AbsolutePath})");
            }
        }

        return problems.Count == 0 ? null : string.Join(", ", problems);
    }
}
