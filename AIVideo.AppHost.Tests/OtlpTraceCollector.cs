using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AIVideo.AppHost.Tests;

/// <summary>
/// An OTLP/HTTP endpoint on a loopback port that keeps every span the services export, so a test can
/// follow one trace across processes. It plays the part of the dashboard's collector.
/// </summary>
public sealed class OtlpTraceCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ExportedSpan> _spans = new();

    private OtlpTraceCollector(WebApplication app) => _app = app;

    /// <summary>The base URL to give as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> with the <c>http/protobuf</c> protocol.</summary>
    public string Endpoint => _app.Urls.Single();

    public IReadOnlyCollection<ExportedSpan> Spans => _spans;

    public static async Task<OtlpTraceCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var collector = new OtlpTraceCollector(app);

        app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            foreach (var span in OtlpTraceReader.ReadSpans(body.ToArray()))
            {
                collector._spans.Enqueue(span);
            }

            // An empty ExportTraceServiceResponse: everything was accepted.
            return Results.Bytes([], "application/x-protobuf");
        });

        // Metrics and logs are not what these tests look at; accept them so the exporters stay quiet.
        app.MapPost("/v1/metrics", () => Results.Bytes([], "application/x-protobuf"));
        app.MapPost("/v1/logs", () => Results.Bytes([], "application/x-protobuf"));

        await app.StartAsync();
        return collector;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
