using System.Net.WebSockets;

namespace AIVideo.Api.Realtime;

/// <summary>
/// Runs one accepted WebSocket: sends the client's events as text messages, reads (and ignores)
/// what the client sends so pongs and its close frame are processed, and closes with 1008 and the
/// reason when the server ends the connection (1001 when the server is stopping).
/// </summary>
internal static class VideoWebSocket
{
    public static async Task RunAsync(HttpContext context, WebSocket socket, RealtimeClient client, TimeSpan closeTimeout)
    {
        var aborted = context.RequestAborted;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(client.Closing, aborted);
        var receiving = ReceiveUntilClosedAsync(socket, aborted);
        var sending = SendEventsAsync(socket, client, stop.Token, aborted);

        await Task.WhenAny(receiving, sending);
        await stop.CancelAsync();

        // A send blocked on a client that stopped reading would never return on its own.
        if (!await CompletesWithinAsync(sending, closeTimeout))
        {
            context.Abort();
            await sending;
            return;
        }

        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            var (status, reason) = client.CloseReason switch
            {
                null => (WebSocketCloseStatus.NormalClosure, "Bye"),
                RealtimeClient.ShuttingDownReason => (WebSocketCloseStatus.EndpointUnavailable, RealtimeClient.ShuttingDownReason),
                var why => (WebSocketCloseStatus.PolicyViolation, why),
            };
            using var timeout = new CancellationTokenSource(closeTimeout);
            try
            {
                await socket.CloseOutputAsync(status, reason, timeout.Token);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
            {
                // The client vanished first: nothing left to close.
            }
        }

        if (!await CompletesWithinAsync(receiving, closeTimeout))
        {
            context.Abort();
            await receiving;
        }
    }

    private static async Task SendEventsAsync(WebSocket socket, RealtimeClient client, CancellationToken stop, CancellationToken aborted)
    {
        try
        {
            while (true)
            {
                var item = await client.Events.ReadAsync(stop);
                // Not cancelled by stop: an interrupted send would corrupt the frame stream.
                await socket.SendAsync(item.Json, WebSocketMessageType.Text, endOfMessage: true, aborted);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            // Stopped, or the client went away: the caller decides how the connection ends.
        }
    }

    private static async Task ReceiveUntilClosedAsync(WebSocket socket, CancellationToken aborted)
    {
        // Clients have nothing to say on this endpoint; a small buffer reads past anything they send.
        var buffer = new byte[256];
        try
        {
            while ((await socket.ReceiveAsync(buffer.AsMemory(), aborted)).MessageType != WebSocketMessageType.Close)
            {
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            // The connection dropped without a close frame, or was aborted.
        }
    }

    private static async Task<bool> CompletesWithinAsync(Task task, TimeSpan timeout) =>
        await Task.WhenAny(task, Task.Delay(timeout)) == task;
}
