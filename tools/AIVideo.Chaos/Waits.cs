using System.Diagnostics;

namespace AIVideo.Chaos;

internal static class Waits
{
    /// <summary>Polls <paramref name="condition"/> until it holds; fails naming <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(string what, TimeSpan timeout, Func<Task<bool>> condition, CancellationToken cancellationToken, ChildProcess? process = null)
    {
        var elapsed = Stopwatch.StartNew();
        while (!await condition())
        {
            if (process is { HasExited: true })
            {
                throw new InvalidOperationException($"{process.Name} exited (code {process.ExitCode}) before {what}; see its log.");
            }

            if (elapsed.Elapsed > timeout)
            {
                throw new TimeoutException($"Gave up waiting after {timeout.TotalSeconds:0} s until {what}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    /// <summary>True when <paramref name="url"/> answers 2xx.</summary>
    public static async Task<bool> AnswersAsync(HttpClient http, string url)
    {
        try
        {
            using var response = await http.GetAsync(url);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }
}
