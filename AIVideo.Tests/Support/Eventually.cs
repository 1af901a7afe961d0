using System.Diagnostics;

namespace AIVideo.Tests.Support;

/// <summary>
/// Waits for what the system does on its own time (a Worker step, an export batch, a lease running out):
/// polls a probe until it answers, and fails with a message naming what never happened. No fixed sleeps.
/// The AppHost tests compile this same file.
/// </summary>
internal static class Eventually
{
    private static readonly TimeSpan _interval = TimeSpan.FromMilliseconds(100);

    /// <summary>The first non-null answer of <paramref name="probe"/> within <paramref name="timeout"/>, asked every <paramref name="interval"/> (100 ms).</summary>
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string failure, TimeSpan? interval = null)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } answer)
            {
                return answer;
            }

            Assert.True(clock.Elapsed < timeout, $"{failure} (waited {timeout.TotalSeconds:0} s)");
            await Task.Delay(interval ?? _interval, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>
    /// Runs <paramref name="attempt"/> until it returns, again every <paramref name="interval"/> (100 ms)
    /// while it throws an exception <paramref name="isTransient"/> accepts, for at most
    /// <paramref name="timeout"/>; past the bound the attempt's own exception is thrown, since it says
    /// why (a server's error, a process's output). For fixtures too, which run before any test.
    /// </summary>
    public static async Task RetryAsync(Func<Task> attempt, Func<Exception, bool> isTransient, TimeSpan timeout, TimeSpan? interval = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await attempt();
                return;
            }
            catch (Exception exception) when (isTransient(exception) && clock.Elapsed < timeout)
            {
                // Not yet: try again after the interval.
            }

            await Task.Delay(interval ?? _interval, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Returns once <paramref name="condition"/> holds, within <paramref name="timeout"/>.</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string failure) =>
        GetAsync(async () => await condition() ? string.Empty : null, timeout, failure);
}
