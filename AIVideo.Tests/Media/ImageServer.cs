using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using AIVideo.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SkiaSharp;

namespace AIVideo.Tests.Media;

/// <summary>
/// A loopback HTTP server standing in for the hosts users point reference images at, honest and hostile.
/// It counts connections and requests, so tests can show that a refused address was never contacted.
/// </summary>
public sealed class ImageServer : IAsyncLifetime
{
    /// <summary>How much <c>/endless</c> would send if the client kept reading.</summary>
    public const long EndlessBodyLength = 512L * 1024 * 1024;

    private readonly ConcurrentDictionary<string, int> _requests = new();
    private WebApplication? _app;
    private int _connections;
    private long _bytesSent;

    public static byte[] Png { get; } = TestImages.Solid(8, 6, SKColors.Orange);

    public int Port { get; private set; }

    /// <summary>TCP connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>
    /// Bytes handed to the connections' sockets so far, all responses together: what Kestrel actually sent, unlike
    /// what a handler wrote (writes after the client has gone are dropped without an error).
    /// </summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Completes when <c>/endless</c> has stopped writing because the client went away.</summary>
    public TaskCompletionSource EndlessBodyEnded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Uri Url(string pathAndQuery) => new($"http://127.0.0.1:{Port}{pathAndQuery}");

    public int RequestsTo(string path) => _requests.GetValueOrDefault(path);

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Use(next => connection =>
        {
            Interlocked.Increment(ref _connections);
            connection.Transport = new CountingTransport(connection.Transport, bytes => Interlocked.Add(ref _bytesSent, bytes));
            return next(connection);
        })));

        _app = builder.Build();
        _app.Use((context, next) =>
        {
            _requests.AddOrUpdate(context.Request.Path, 1, (_, count) => count + 1);
            return next(context);
        });

        _app.MapGet("/image.png", () => Results.Bytes(Png, "image/png"));
        _app.MapGet("/x.png", () => Results.Bytes(Png, "image/png"));
        _app.MapGet("/redirect", (string to) => Results.Redirect(to));
        _app.MapGet("/chain/{remaining:int}", (int remaining) =>
            remaining > 0 ? Results.Redirect($"/chain/{remaining - 1}") : Results.Bytes(Png, "image/png"));
        _app.MapGet("/page.html", () => Results.Text("<!DOCTYPE html><html><body>hello</body></html>", "text/html"));
        _app.MapGet("/html-as-png", () => Results.Bytes(TestImages.Text("<html><script>alert(1)</script></html>"), "image/png"));
        _app.MapGet("/png-as-octet-stream", () => Results.Bytes(Png, "application/octet-stream"));
        _app.MapGet("/missing.png", () => Results.NotFound());
        _app.MapGet("/endless", WriteEndlessBodyAsync);
        _app.MapGet("/declared-large", WriteDeclaredLargeBodyAsync);
        // Never answers: the client gives up first.
        _app.MapGet("/slow", UntilClientGivesUpAsync);
        _app.MapGet("/slow-body", WriteSlowBodyAsync);

        await _app.StartAsync();
        Port = new Uri(_app.Urls.Single()).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>A chunked PNG (no Content-Length) that goes on until the client stops reading.</summary>
    private async Task WriteEndlessBodyAsync(HttpContext context)
    {
        context.Response.ContentType = "image/png";
        var chunk = new byte[16 * 1024];
        Png.AsSpan(0, 8).CopyTo(chunk);
        try
        {
            for (long written = 0; written < EndlessBodyLength && !context.RequestAborted.IsCancellationRequested; written += chunk.Length)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or ConnectionResetException)
        {
            // The client hung up: that is the point.
        }
        finally
        {
            EndlessBodyEnded.TrySetResult();
        }
    }

    private static async Task WriteDeclaredLargeBodyAsync(HttpContext context)
    {
        context.Response.ContentType = "image/png";
        context.Response.ContentLength = 100L * 1024 * 1024;
        await context.Response.Body.WriteAsync(Png.AsMemory(0, 8), context.RequestAborted);
        await UntilClientGivesUpAsync(context);
    }

    /// <summary>Quick headers and the first bytes, then nothing more: the body is what takes too long.</summary>
    private static async Task WriteSlowBodyAsync(HttpContext context)
    {
        context.Response.ContentType = "image/png";
        context.Response.ContentLength = Png.Length;
        await context.Response.Body.WriteAsync(Png.AsMemory(0, 8), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        await UntilClientGivesUpAsync(context);
    }

    /// <summary>Holds the request open until the client aborts it (a time-out or a cancellation on its side).</summary>
    private static Task UntilClientGivesUpAsync(HttpContext context)
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        context.RequestAborted.Register(() => aborted.TrySetResult());
        return aborted.Task;
    }

    private sealed class CountingTransport(IDuplexPipe transport, Action<int> sent) : IDuplexPipe
    {
        public PipeReader Input => transport.Input;

        public PipeWriter Output { get; } = new CountingWriter(transport.Output, sent);
    }

    private sealed class CountingWriter(PipeWriter output, Action<int> sent) : PipeWriter
    {
        public override void Advance(int bytes)
        {
            sent(bytes);
            output.Advance(bytes);
        }

        public override Memory<byte> GetMemory(int sizeHint = 0) => output.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => output.GetSpan(sizeHint);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => output.FlushAsync(cancellationToken);

        public override void CancelPendingFlush() => output.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => output.Complete(exception);
    }
}
