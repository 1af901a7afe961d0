using AIVideo.Core.Videos;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace AIVideo.Worker.Jobs;

/// <summary>
/// Keeps a message invisible to other Workers, and its step claimed, for as long as its handling
/// takes: a long step (a big download, a slow provider) renews both every third of the visibility
/// timeout instead of being delivered to a second Worker half-way. Each renewal changes the
/// message's pop receipt; <see cref="StopAsync"/> returns the latest, which deleting it needs.
/// </summary>
internal sealed partial class JobMessageLease : IAsyncDisposable
{
    private readonly QueueClient _jobs;
    private readonly QueueMessage _message;
    private readonly ClaimedStep _step;
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeSpan _visibility;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;
    private string _popReceipt;

    private JobMessageLease(QueueClient jobs, QueueMessage message, ClaimedStep step, IServiceScopeFactory scopes, TimeSpan visibility, TimeProvider time, ILogger logger)
    {
        (_jobs, _message, _step, _scopes, _visibility, _time, _logger) = (jobs, message, step, scopes, visibility, time, logger);
        _popReceipt = message.PopReceipt;
        _renewing = RenewAsync();
    }

    /// <summary>Starts renewing the message and the claim <paramref name="step"/> (claimed or about to be).</summary>
    public static JobMessageLease Start(QueueClient jobs, QueueMessage message, ClaimedStep step, IServiceScopeFactory scopes, TimeSpan visibility, TimeProvider time, ILogger logger) =>
        new(jobs, message, step, scopes, visibility, time, logger);

    /// <summary>Stops renewing (a renewal under way completes) and returns the message's current pop receipt.</summary>
    public async Task<string> StopAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        await _renewing;
        return _popReceipt;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task RenewAsync()
    {
        while (true)
        {
            try
            {
                await Task.Delay(_visibility / 3, _time, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                // Not cancelled half-way: a renewal that happened must be known, or its receipt is lost.
                var renewed = await _jobs.UpdateMessageAsync(_message.MessageId, _popReceipt, visibilityTimeout: _visibility, cancellationToken: CancellationToken.None);
                _popReceipt = renewed.Value.PopReceipt;
                await using var scope = _scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<VideoStepClaims>().ExtendAsync(_step, _visibility, CancellationToken.None);
            }
            catch (Exception exception)
            {
                // The step goes on; if the lease runs out, another copy may take over and this one's change will not apply.
                LogRenewalFailed(_logger, exception, _message.MessageId);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not renew the lease of message {MessageId}")]
    private static partial void LogRenewalFailed(ILogger logger, Exception exception, string messageId);
}
