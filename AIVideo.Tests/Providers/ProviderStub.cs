extern alias worker;

using System.Collections.Concurrent;
using System.Net;
using System.Text;
using AIVideo.Core.Videos;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using worker::AIVideo.Worker.Providers;

namespace AIVideo.Tests.Providers;

/// <summary>What the stub received: headers, the raw body, and the form fields and files of a multipart body.</summary>
public sealed record StubRequest(
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    IReadOnlyDictionary<string, string> Fields,
    IReadOnlyDictionary<string, StubFile> Files);

public sealed record StubFile(string FileName, string? ContentType, byte[] Content);

public sealed record StubResponse(int Status, string Body, string ContentType = "application/json", IReadOnlyDictionary<string, string>? Headers = null)
{
    public byte[]? Bytes { get; init; }
}

/// <summary>
/// A loopback stand-in for a provider API that answers recorded provider-shaped samples and records every request,
/// so tests can check both the classification and the exact request shape.
/// </summary>
public sealed class ProviderStub : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, StubResponse> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<StubRequest> _requests = new();
    private WebApplication? _app;

    public int Port { get; private set; }

    public IReadOnlyList<StubRequest> Requests => [.. _requests];

    public static async Task<ProviderStub> StartAsync()
    {
        var stub = new ProviderStub();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        stub._app = builder.Build();
        stub._app.Run(stub.HandleAsync);
        await stub._app.StartAsync();
        stub.Port = new Uri(stub._app.Urls.Single()).Port;
        return stub;
    }

    public Uri Url(string path) => new($"http://127.0.0.1:{Port}{path}");

    public void On(string method, string path, StubResponse response) => _routes[$"{method} {path}"] = response;

    public void OnJson(string method, string path, string json, int status = 200, IReadOnlyDictionary<string, string>? headers = null) =>
        On(method, path, new StubResponse(status, json, Headers: headers));

    public IReadOnlyList<StubRequest> RequestsTo(string method, string path) =>
        [.. _requests.Where(r => r.Method == method && r.Path == path)];

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = new Dictionary<string, StubFile>(StringComparer.Ordinal);
        var body = string.Empty;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            foreach (var field in form)
            {
                fields[field.Key] = field.Value.ToString();
            }

            foreach (var file in form.Files)
            {
                using var stream = new MemoryStream();
                await file.CopyToAsync(stream);
                files[file.Name] = new StubFile(file.FileName, file.ContentType, stream.ToArray());
            }
        }
        else
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync();
        }

        _requests.Enqueue(new StubRequest(request.Method, request.Path, request.QueryString.Value ?? string.Empty, headers, body, fields, files));

        // A route may name its query (…/content?variant=thumbnail); otherwise the path alone matches.
        if (!_routes.TryGetValue($"{request.Method} {request.Path}{request.QueryString}", out var response)
            && !_routes.TryGetValue($"{request.Method} {request.Path}", out response))
        {
            response = new StubResponse(404, """{"error":{"code":"not_found","message":"No such route in the stub."}}""");
        }

        context.Response.StatusCode = response.Status;
        context.Response.ContentType = response.ContentType;
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.Body.WriteAsync(response.Bytes ?? Encoding.UTF8.GetBytes(response.Body));
    }
}

/// <summary>
/// The adapters as the Worker wires them, with the service defaults' resilience (retries only for safe methods, no delay),
/// for models configured as the Worker reads them (<c>VideoModels:{id}</c>).
/// </summary>
internal sealed class ProviderTestHost : IDisposable
{
    private readonly IHost _host;

    public ProviderTestHost(IEnumerable<VideoModel> models, Dictionary<string, string?>? configuration = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        foreach (var model in models)
        {
            builder.Configuration[$"{VideoModelCatalog.SectionName}:{model.Id}:{nameof(VideoModelOptions.Provider)}"] = model.Options.Provider;
            builder.Configuration[$"{VideoModelCatalog.SectionName}:{model.Id}:{nameof(VideoModelOptions.ProviderModel)}"] = model.Options.ProviderModel;
            builder.Configuration[$"{VideoModelCatalog.SectionName}:{model.Id}:{nameof(VideoModelOptions.Endpoint)}"] = model.Endpoint?.AbsoluteUri;
        }

        builder.Configuration.AddInMemoryCollection(configuration ?? []);
        builder.Services.AddLogging();
        builder.Services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler(options =>
        {
            options.Retry.DisableForUnsafeHttpMethods();
            options.Retry.Delay = TimeSpan.FromMilliseconds(1);
            options.Retry.UseJitter = false;
        }));
        // What AddAIVideoCore registers for every service.
        builder.Services.AddSingleton<VideoModelCatalog>();
        builder.AddVideoProviders();
        _host = builder.Build();
    }

    public IVideoProvider For(VideoModel model) => _host.Services.GetRequiredService<VideoProviderResolver>().Resolve(model);

    public void Dispose() => _host.Dispose();
}

internal static class ProviderSamples
{
    /// <summary>The first bytes of a real MP4 (an <c>ftyp</c> box): enough to tell a video from an error body.</summary>
    public static readonly byte[] Mp4 = [0, 0, 0, 0x18, .. "ftypmp42"u8, 0, 0, 0, 0, .. "mp42isom"u8];

    public static StubResponse Video => new(200, string.Empty, "video/mp4") { Bytes = Mp4 };

    public static StubResponse JsonAsContent => new(200, """{"error":{"code":"not_ready","message":"The video is not ready."}}""");

    public static VideoModel Model(string id, string provider, string providerModel, Uri endpoint) =>
        new(id, new VideoModelOptions { Provider = provider, ProviderModel = providerModel }, endpoint);
}
