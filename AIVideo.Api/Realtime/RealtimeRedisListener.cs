using System.Globalization;
using AIVideo.Api.Auth;
using AIVideo.Core.Videos;
using StackExchange.Redis;

namespace AIVideo.Api.Realtime;

/// <summary>
/// The process's only Redis subscriptions for realtime: every user's video channel (one pattern)
/// and the ended-sessions channel. StackExchange.Redis subscribes again by itself after a
/// reconnect; since events published meanwhile are lost (Redis pub/sub keeps nothing), every
/// client is then sent <c>resync</c>.
/// </summary>
internal sealed partial class RealtimeRedisListener(IConnectionMultiplexer redis, RealtimeHub hub, ILogger<RealtimeRedisListener> logger) : BackgroundService
{
    private static readonly TimeSpan s_retryDelay = TimeSpan.FromSeconds(1);
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _lost;

    /// <summary>Completes once both subscriptions are in place (tests wait for it).</summary>
    public Task Subscribed => _subscribed.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        redis.ConnectionFailed += OnConnectionFailed;
        redis.ConnectionRestored += OnConnectionRestored;
        try
        {
            // A queue per channel delivers its messages in order (a video's progress before its completion).
            (await SubscribeAsync(VideoEvents.AllUsersChannel, stoppingToken)).OnMessage(OnVideoEvent);
            (await SubscribeAsync(SessionRevocations.Channel, stoppingToken)).OnMessage(OnSessionRevoked);
            _subscribed.TrySetResult();
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown: the subscriptions end with the multiplexer, which the container disposes.
        }
        finally
        {
            redis.ConnectionFailed -= OnConnectionFailed;
            redis.ConnectionRestored -= OnConnectionRestored;
        }
    }

    /// <summary>Redis may be down when the Api starts (it starts anyway): keep trying.</summary>
    private async Task<ChannelMessageQueue> SubscribeAsync(RedisChannel channel, CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                return await redis.GetSubscriber().SubscribeAsync(channel);
            }
            catch (RedisException exception)
            {
                LogSubscribeFailed(logger, exception, channel.ToString());
                await Task.Delay(s_retryDelay, stoppingToken);
            }
        }
    }

    private void OnVideoEvent(ChannelMessage message)
    {
        var channel = message.Channel.ToString();
        // Most events concern users with no connection here: skip them before any parsing.
        if (!long.TryParse(channel.AsSpan(VideoEvents.ChannelPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var userId)
            || !hub.HasClients(userId))
        {
            return;
        }

        if (RealtimeEvent.FromVideoUpdate(hub.NextEventId(), (ReadOnlyMemory<byte>)message.Message) is { } item)
        {
            hub.Publish(userId, item);
        }
        else
        {
            LogUnknownEvent(logger, channel);
        }
    }

    private void OnSessionRevoked(ChannelMessage message)
    {
        if (SessionRevocations.Parse(message.Message) is { } revoked)
        {
            hub.CloseSession(revoked.UserId, revoked.SessionId, RealtimeClient.LoggedOutReason);
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        if (CarriesSubscriptions(e))
        {
            Interlocked.Exchange(ref _lost, 1);
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (CarriesSubscriptions(e) && Interlocked.Exchange(ref _lost, 0) == 1)
        {
            _ = ResyncAfterResubscribeAsync();
        }
    }

    /// <summary>RESP2 keeps subscriptions on a connection of their own; RESP3 multiplexes them on the interactive one.</summary>
    private bool CarriesSubscriptions(ConnectionFailedEventArgs e) => e.ConnectionType switch
    {
        ConnectionType.Subscription => true,
        ConnectionType.Interactive => e.EndPoint is { } endPoint && redis.GetServer(endPoint).Protocol == RedisProtocol.Resp3,
        _ => false,
    };

    /// <summary>
    /// A ping on the subscriber connection is answered after the resubscriptions queued ahead of
    /// it, so a client told to refresh cannot miss an event published after it refreshed.
    /// </summary>
    private async Task ResyncAfterResubscribeAsync()
    {
        try
        {
            await redis.GetSubscriber().PingAsync();
        }
        catch (RedisException exception)
        {
            // Still tell the clients: what they read now is at worst as stale as what they have.
            LogSubscribeFailed(logger, exception, "ping");
        }

        LogResync(logger, hub.Count);
        hub.PublishToAll(RealtimeEvent.Resync(hub.NextEventId()));
    }

    [LoggerMessage(LogLevel.Warning, "Could not subscribe to {Channel} on Redis; retrying")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception exception, string channel);

    [LoggerMessage(LogLevel.Warning, "Ignored a message on {Channel} that is not a video update")]
    private static partial void LogUnknownEvent(ILogger logger, string channel);

    [LoggerMessage(LogLevel.Information, "Redis connection restored: {Count} realtime clients told to resync")]
    private static partial void LogResync(ILogger logger, int count);
}
