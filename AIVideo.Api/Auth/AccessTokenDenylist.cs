using StackExchange.Redis;

namespace AIVideo.Api.Auth;

/// <summary>
/// Access tokens ended by logout before their expiry, kept in Redis until they would have expired
/// anyway, so every Api replica refuses them.
/// </summary>
public sealed class AccessTokenDenylist(IConnectionMultiplexer redis, TimeProvider time)
{
    public async Task DenyAsync(string tokenId, DateTime expiresAt)
    {
        var remaining = expiresAt - time.GetUtcNow().UtcDateTime;
        if (remaining > TimeSpan.Zero)
        {
            await redis.GetDatabase().StringSetAsync(Key(tokenId), 1, remaining);
        }
    }

    public Task<bool> IsDeniedAsync(string tokenId) => redis.GetDatabase().KeyExistsAsync(Key(tokenId));

    private static RedisKey Key(string tokenId) => $"aivideo:auth:denied:{tokenId}";
}
