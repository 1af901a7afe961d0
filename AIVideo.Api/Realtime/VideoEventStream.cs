using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace AIVideo.Api.Realtime;

/// <summary>
/// Runs one Server-Sent Events response: each event as <c>id:</c> and one <c>data:</c> line (the
/// JSON has no raw newlines), a <c>: ping</c> comment when idle, and a last <c>closed</c> event when
/// the server ends the stream.
/// </summary>
internal static class VideoEventStream
{
    public const string ContentType = "text/event-stream";

    private static readonly byte[] s_ping = ": ping\n\n"u8.ToArray();

    public static async Task RunAsync(HttpContext context, RealtimeClient client, RealtimeHub hub, TimeSpan heartbeat)
    {
        var response = context.Response;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";
        // Reverse proxies (nginx) would otherwise hold events back to fill their buffers.
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        // An EventSource that reconnects sends the last id it saw: it may have missed events since.
        if (context.Request.Headers.ContainsKey("Last-Event-ID"))
        {
            client.Deliver(RealtimeEvent.Resync(hub.NextEventId()));
        }

        var body = response.BodyWriter;
        var aborted = context.RequestAborted;
        await body.WriteAsync("retry: 3000\n\n"u8.ToArray(), aborted);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(client.Closing, aborted);
        var next = client.Events.ReadAsync(stop.Token).AsTask();
        try
        {
            while (true)
            {
                if (await Task.WhenAny(next, Task.Delay(heartbeat, stop.Token)) != next)
                {
                    stop.Token.ThrowIfCancellationRequested();
                    await body.WriteAsync(s_ping, aborted);
                    continue;
                }

                await WriteAsync(body, await next, aborted);
                next = client.Events.ReadAsync(stop.Token).AsTask();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The client left, or the server ends the stream (below).
        }

        if (client.CloseReason is { } reason && !aborted.IsCancellationRequested)
        {
            await WriteAsync(body, RealtimeEvent.Closed(hub.NextEventId(), reason), aborted);
        }
    }

    private static async Task WriteAsync(PipeWriter body, RealtimeEvent item, CancellationToken aborted)
    {
        var head = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"id: {item.Id}\ndata: "));
        body.Write(head);
        body.Write(item.Json.Span);
        body.Write("\n\n"u8);
        await body.FlushAsync(aborted);
    }
}
