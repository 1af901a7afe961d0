using System.Globalization;
using AIVideo.Api.Auth;
using AIVideo.Api.Infrastructure.Replicas;
using AIVideo.Api.Showcase;
using AIVideo.Core.Videos;
using StackExchange.Redis;

namespace AIVideo.Api.Realtime;

/// <summary>
/// The process's only Redis subscriptions: every user's video channel (one pattern), the
/// ended-sessions channel and the evicted-pages channel. StackExchange.Redis subscribes again by itself after a
/// reconnect; since events published meanwhile are lost (Redis pub/sub keeps nothing), every
/// client is then sent <c>resync</c>. The same subscriptions carry what replicas announce to each
/// other (ended sessions, evicted pages): the <see cref="ReplicaLink"/> is up exactly while they
/// are live, and every announcement heard is acted on, then replied to.
/// </summary>
internal sealed partial class RealtimeRedisListener(
    IConnectionMultiplexer redis,
    RealtimeHub hub,
    ActiveSessions activeSessions,
    LocalOutputCacheStore pages,
    ReplicaLink link,
    ILogger<RealtimeRedisListener> logger) : BackgroundService
{
    private const int MaxPingAttempts = 30;
    private static readonly TimeSpan s_retryDelay = TimeSpan.FromSeconds(1);
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _recovering;
    private int _failures;

    /// <summary>Completes once every subscription is in place (tests wait for it).</summary>
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
            (await SubscribeAsync(LocalOutputCacheStore.EvictionChannel, stoppingToken)).OnMessage(OnOutputEvicted);
            if (Volatile.Read(ref _recovering) == 0)
            {
                link.Up();
            }

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
            catch (Exception exception) when (exception is RedisException or TimeoutException)
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
        if (ReplicaAnnouncements.Parse<SessionRevoked>(message.Message) is { } revoked)
        {
            activeSessions.Forget(revoked.SessionId);
            ReplicaAnnouncements.Reply(redis.GetSubscriber(), revoked.ReplyTo);
            hub.CloseSession(revoked.UserId, revoked.SessionId, RealtimeClient.LoggedOutReason);
        }
    }

    private void OnOutputEvicted(ChannelMessage message)
    {
        pages.EvictCopies();
        ReplicaAnnouncements.Reply(redis.GetSubscriber(), ReplicaAnnouncements.Parse<OutputEvicted>(message.Message)?.ReplyTo);
    }

    /// <summary>
    /// Any lost connection starts one recovery. Not driven by ConnectionRestored: the library
    /// raises its events on the thread pool, and tests saw a restore handled before its failure.
    /// </summary>
    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        LogConnectionLost(logger, e.Exception, e.ConnectionType, e.FailureType);
        // Announcements from now on may go unheard until the subscription is back.
        Interlocked.Increment(ref _failures);
        link.Down();
        StartRecovery();
    }

    /// <summary>A recovery that gave up before Redis came back left the link down: try again.</summary>
    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (!link.IsLive && _subscribed.Task.IsCompleted)
        {
            StartRecovery();
        }
    }

    private void StartRecovery()
    {
        if (Interlocked.Exchange(ref _recovering, 1) == 0)
        {
            _ = ResyncWhenBackAsync();
        }
    }

    /// <summary>
    /// Waits until a ping over the subscription connection is answered: that connection is then
    /// back, with the library's resubscriptions sent ahead of the ping, so a client told to
    /// refresh should not miss an event published after it refreshed.
    /// </summary>
    private async Task ResyncWhenBackAsync()
    {
        var back = false;
        for (var attempt = 0; attempt < MaxPingAttempts && !back; attempt++)
        {
            await Task.Delay(s_retryDelay);
            var failures = Volatile.Read(ref _failures);
            try
            {
                await redis.GetSubscriber().PingAsync();
                // A failure during the ping was not covered by it.
                back = failures == Volatile.Read(ref _failures);
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                LogSubscribeFailed(logger, exception, "ping");
            }
        }

        if (back)
        {
            link.Up();
        }

        Volatile.Write(ref _recovering, 0);
        // Told even if Redis is still away: what clients read now is at worst as stale as what they have.
        LogResync(logger, hub.Count);
        hub.PublishToAll(RealtimeEvent.Resync(hub.NextEventId()));
    }

    [LoggerMessage(LogLevel.Warning, "Could not subscribe to {Channel} on Redis; retrying")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception exception, string channel);

    [LoggerMessage(LogLevel.Warning, "Ignored a message on {Channel} that is not a video update")]
    private static partial void LogUnknownEvent(ILogger logger, string channel);

    [LoggerMessage(LogLevel.Warning, "Redis {ConnectionType} connection lost ({FailureType}): realtime events are missed until it returns")]
    private static partial void LogConnectionLost(ILogger logger, Exception? exception, ConnectionType connectionType, ConnectionFailureType failureType);

    [LoggerMessage(LogLevel.Warning, "Redis is back: {Count} realtime clients told to resync")]
    private static partial void LogResync(ILogger logger, int count);
}
