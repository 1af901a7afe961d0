using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using AIVideo.Core.Data.Entities;
using AIVideo.Tests.Support;
using Microsoft.Extensions.Logging;

namespace AIVideo.Tests.RateLimiting;

internal static class RateLimitTestSupport
{
    /// <summary>Settings for small limits: <c>("Default", 3, "00:01:00")</c> and so on.</summary>
    public static Dictionary<string, string?> Limits(params (string Policy, int PermitLimit, string Window)[] rules)
    {
        var settings = new Dictionary<string, string?>();
        foreach (var (policy, permitLimit, window) in rules)
        {
            settings[$"RateLimits:{policy}:PermitLimit"] = permitLimit.ToString(CultureInfo.InvariantCulture);
            settings[$"RateLimits:{policy}:Window"] = window;
        }

        return settings;
    }

    /// <summary>A user of the Api's database and an access token for them, without going through sign-in (which is rate limited too).</summary>
    public static async Task<string> CreateUserTokenAsync(ApiFactory api)
    {
        var id = Guid.NewGuid().ToString("N");
        await using var db = TestDatabases.CreateDbContext(api.DatabaseConnectionString);
        var user = new User { GoogleSub = id, Email = $"{id}@example.com" };
        db.Users.Add(user);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return TestTokens.User(user.Id, Guid.NewGuid());
    }

    public static async Task AssertRateLimitedAsync(HttpResponseMessage response, int maxSeconds)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        var seconds = (int)retryAfter.Value.TotalSeconds;
        Assert.InRange(seconds, 1, maxSeconds);
        Assert.Equal($"Rate limit exceeded. Try again in {seconds} seconds.", await response.ReadDetailAsync());
    }
}

/// <summary>Keeps what the server logged, to check what it said about Redis.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Message)> _entries = new();

    public IReadOnlyCollection<(LogLevel Level, string Category, string Message)> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<(LogLevel, string, string)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                entries.Enqueue((logLevel, category, formatter(state, exception)));
            }
        }
    }
}
