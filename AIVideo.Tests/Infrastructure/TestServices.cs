namespace AIVideo.Tests.Infrastructure;

/// <summary>
/// The backing servers (PostgreSQL, Redis, Azurite), started once per test run and shared by every test:
/// take it as a constructor parameter. Isolate tests with fresh databases, containers, queues and key
/// prefixes rather than new servers; a test that must stop a server starts its own <see cref="PostgresServer"/>.
/// </summary>
public sealed class TestServices : IAsyncLifetime
{
    private PostgresServer? _postgres;
    private RedisServer? _redis;
    private AzuriteServer? _azurite;

    public PostgresServer Postgres => _postgres ?? throw NotStarted();

    public RedisServer Redis => _redis ?? throw NotStarted();

    public AzuriteServer Azurite => _azurite ?? throw NotStarted();

    public async ValueTask InitializeAsync()
    {
        var postgres = PostgresServer.CreateAsync();
        var redis = RedisServer.CreateAsync();
        var azurite = AzuriteServer.CreateAsync();
        var all = Task.WhenAll(postgres, redis, azurite);
        try
        {
            await all;
        }
        catch
        {
            // Stop the servers that did start, and report every failure rather than only the first.
            await Task.WhenAll(DisposeIfStartedAsync(postgres), DisposeIfStartedAsync(redis), DisposeIfStartedAsync(azurite));
            throw all.Exception!;
        }

        (_postgres, _redis, _azurite) = (postgres.Result, redis.Result, azurite.Result);
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(DisposeIfPresentAsync(_postgres), DisposeIfPresentAsync(_redis), DisposeIfPresentAsync(_azurite));
    }

    private static async Task DisposeIfStartedAsync<T>(Task<T> start)
        where T : IAsyncDisposable
    {
        if (start.IsCompletedSuccessfully)
        {
            await start.Result.DisposeAsync();
        }
    }

    private static async Task DisposeIfPresentAsync(IAsyncDisposable? server)
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    private static InvalidOperationException NotStarted() => new($"{nameof(TestServices)} has not started (or failed to).");
}
