using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;

namespace RealtimeBench;

/// <summary>One WebSocket to /ws/videos that keeps a receive pending (so pings are answered) and records delivery latencies.</summary>
internal sealed class BenchConnection(ClientWebSocket socket, LatencyRecorder recorder) : IDisposable
{
    private Task _receiving = Task.CompletedTask;

    public WebSocketState State => socket.State;

    public static async Task<BenchConnection> OpenAsync(Uri address, HttpMessageInvoker invoker, LatencyRecorder recorder)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(address, invoker, CancellationToken.None);
        var connection = new BenchConnection(socket, recorder);
        connection._receiving = connection.ReceiveAsync();
        return connection;
    }

    public void Dispose()
    {
        socket.Abort();
        socket.Dispose();
    }

    /// <summary>Ends when the socket is aborted (at the end of the run) or closed by the server.</summary>
    public Task Receiving => _receiving;

    private async Task ReceiveAsync()
    {
        var message = new ArrayBufferWriter<byte>(1024);
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(message.GetMemory(1024), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                message.Advance(result.Count);
                if (result.EndOfMessage)
                {
                    Record(message.WrittenSpan);
                    message.ResetWrittenCount();
                }
            }
        }
        catch (WebSocketException)
        {
            // Aborted at the end of the run, or dropped by the server (counted by State).
        }
    }

    private void Record(ReadOnlySpan<byte> json)
    {
        var now = Stopwatch.GetTimestamp();
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("bench_sent"u8) && reader.Read())
            {
                recorder.Add(Stopwatch.GetElapsedTime(reader.GetInt64(), now));
                return;
            }
        }
    }
}
