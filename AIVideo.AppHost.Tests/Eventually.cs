using System.Diagnostics;

namespace AIVideo.AppHost.Tests;

/// <summary>
/// Waits for what the system does on its own time (a job finishing, spans arriving): polls a probe at
/// <c>interval</c> until it answers, and fails naming what never happened. No fixed sleeps.
/// </summary>
internal static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, TimeSpan interval, string failure)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } answer)
            {
                return answer;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{failure} within {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(interval, TestContext.Current.CancellationToken);
        }
    }
}
