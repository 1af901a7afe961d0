namespace AIVideo.Api.Realtime;

/// <summary>
/// Ends every realtime connection as soon as the process is told to stop: WebSockets close with
/// 1001 and SSE streams get their <c>closed</c> event, so clients reconnect to another replica
/// at once instead of holding up the shutdown until the host gives up on them.
/// </summary>
internal sealed class RealtimeShutdown(RealtimeHub hub, IHostApplicationLifetime lifetime) : IHostedService
{
    private CancellationTokenRegistration _stopping;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = lifetime.ApplicationStopping.Register(() => hub.CloseAll(RealtimeClient.ShuttingDownReason));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _stopping.DisposeAsync().AsTask();
}
