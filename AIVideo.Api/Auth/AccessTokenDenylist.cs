using AIVideo.Core.Hosting;
using StackExchange.Redis;

namespace AIVideo.Api.Auth;

/// <summary>
/// Access tokens ended by logout before their expiry, kept in Redis until they would have expired
/// anyway, so every Api replica refuses them. Redis only answers sooner than the database: the
/// ended session refuses the same tokens, so with Redis slow or down (at most
/// <see cref="RedisCallOptions.Timeout"/>) the denylist is skipped and the session decides.
/// </summary>
public sealed partial class AccessTokenDenylist(RedisCalls redis, TimeProvider time, ILogger<AccessTokenDenylist> logger)
{
    public async Task DenyAsync(string tokenId, DateTime expiresAt)
    {
        var remaining = expiresAt - time.GetUtcNow().UtcDateTime;
        if (remaining > TimeSpan.Zero
            && await redis.TryAsync(r => r.GetDatabase().StringSetAsync(Key(tokenId), 1, remaining), CancellationToken.None) is { Answered: false } reply)
        {
            LogDenyFailed(logger, reply.Failure);
        }
    }

    /// <summary>Null when Redis could not say.</summary>
    public async Task<bool?> IsDeniedAsync(string tokenId, CancellationToken cancellationToken)
    {
        var reply = await redis.TryAsync(r => r.GetDatabase().KeyExistsAsync(Key(tokenId)), cancellationToken);
        if (!reply.Answered)
        {
            // Logged when a call fails, not for each request skipped while Redis is known to be away.
            if (reply.Failure is not null)
            {
                LogCheckFailed(logger, reply.Failure);
            }

            return null;
        }

        return reply.Value;
    }

    private static RedisKey Key(string tokenId) => $"aivideo:auth:denied:{tokenId}";

    [LoggerMessage(LogLevel.Warning, "Redis is unavailable: a logged-out access token was not denylisted; its ended session refuses it")]
    private static partial void LogDenyFailed(ILogger logger, Exception? exception);

    [LoggerMessage(LogLevel.Warning, "Redis is unavailable: the access token denylist was not checked; the session check refuses logged-out tokens")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
