using System.Buffers;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace AIVideo.Tests.Realtime;

/// <summary>Reads whole JSON messages from a WebSocket; null once the server has closed it.</summary>
internal static class WebSocketMessages
{
    public static async Task<JsonObject?> ReceiveAsync(this WebSocket socket, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var message = new ArrayBufferWriter<byte>();
        while (true)
        {
            var result = await socket.ReceiveAsync(message.GetMemory(16 * 1024), cancel.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Advance(result.Count);
            if (result.EndOfMessage)
            {
                return JsonNode.Parse(message.WrittenSpan)!.AsObject();
            }
        }
    }

    /// <summary>The next message about this video, skipping others (other test classes share Redis and ids).</summary>
    public static async Task<JsonObject> ReceiveForVideoAsync(this WebSocket socket, long videoId, string prompt)
    {
        while (true)
        {
            var message = await socket.ReceiveAsync(TimeSpan.FromSeconds(60)) ?? throw new InvalidOperationException($"Closed: {socket.CloseStatus} {socket.CloseStatusDescription}");
            if (IsAbout(message, videoId, prompt))
            {
                return message;
            }
        }
    }

    public static bool IsAbout(JsonObject message, long videoId, string prompt) =>
        (long?)message["video"]?["id"] == videoId && (string?)message["video"]?["prompt"] == prompt;
}

/// <summary>A Server-Sent Events client over a streamed HttpClient response, as EventSource reads it.</summary>
internal sealed class SseStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseStream(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body, Encoding.UTF8);
    }

    public HttpResponseMessage Response => _response;

    public List<string> Comments { get; } = [];

    public List<string> Fields { get; } = [];

    public static async Task<SseStream> OpenAsync(HttpClient client, string pathAndQuery, string? bearer = null, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        return new SseStream(response, await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>The next event's id and JSON data; null when the server ended the stream.</summary>
    public async Task<(long Id, JsonObject Data)?> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        long? id = null;
        string? data = null;
        while (await _reader.ReadLineAsync(cancel.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    return (id ?? throw new InvalidOperationException("An event without id."), JsonNode.Parse(data)!.AsObject());
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                Comments.Add(line);
                continue;
            }

            Fields.Add(line);
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }

        return null;
    }

    /// <summary>
    /// Reads until the comment line <paramref name="comment"/> arrives, for a stream on which nothing else is
    /// expected; false when the server ended the stream first. Fails the test after <paramref name="timeout"/>.
    /// </summary>
    public async Task<bool> ReceiveCommentAsync(string comment, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (await _reader.ReadLineAsync(cancel.Token) is { } line)
        {
            if (line.StartsWith(':'))
            {
                Comments.Add(line);
                if (line == comment)
                {
                    return true;
                }
            }
            else if (line.Length > 0)
            {
                Fields.Add(line);
            }
        }

        return false;
    }

    public async Task<JsonObject> ReceiveForVideoAsync(long videoId, string prompt)
    {
        while (true)
        {
            var next = await ReceiveAsync(TimeSpan.FromSeconds(60)) ?? throw new InvalidOperationException("The stream ended.");
            if (WebSocketMessages.IsAbout(next.Data, videoId, prompt))
            {
                return next.Data;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        await Task.CompletedTask;
    }
}
