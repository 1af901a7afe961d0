using System.Text.Json;
using AIVideo.Core.Hosting;
using AIVideo.Core.Serialization;
using AIVideo.Core.Videos;

namespace AIVideo.Api.Payments;

/// <summary>
/// Tells a user's realtime connections their balance changed outside their own requests (a Stripe
/// payment or refund): <c>{"type": "credits.updated", "credits": 190.0}</c>, on the same per-user
/// channel as the video events. Best effort, like them: a missed event is healed by <c>GET /users/credits</c>.
/// </summary>
public sealed partial class CreditEvents(RedisCalls redis, ILogger<CreditEvents> logger)
{
    public const string UpdatedType = "credits.updated";

    public async Task PublishAsync(long userId, decimal credits)
    {
        var message = JsonSerializer.Serialize(new CreditsUpdatedEvent(UpdatedType, credits), AIVideoJson.Options);
        var reply = await redis.PublishAsync(VideoEvents.ChannelFor(userId), message, UpdatedType);
        if (!reply.Answered)
        {
            LogPublishFailed(logger, reply.Failure, userId);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Redis is unavailable: the credits.updated event of user {UserId} is lost")]
    private static partial void LogPublishFailed(ILogger logger, Exception? exception, long userId);
}

public sealed record CreditsUpdatedEvent(string Type, decimal Credits);
