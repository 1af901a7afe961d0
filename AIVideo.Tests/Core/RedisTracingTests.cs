using System.Collections.Concurrent;
using System.Diagnostics;
using AIVideo.Core.Hosting;
using AIVideo.Tests.Infrastructure;
using AIVideo.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Trace;
using StackExchange.Redis;

namespace AIVideo.Tests.Core;

/// <summary>Redis tracing as the services get it from <c>AddAIVideoRedis</c> (the Aspire integration's instrumentation).</summary>
public sealed class RedisTracingTests(TestServices services)
{
    private const string TestSourceName = "AIVideo.Tests.RedisTracing";
    private const string RedisSourceName = "OpenTelemetry.Instrumentation.StackExchangeRedis";
    private static readonly ActivitySource s_test = new(TestSourceName);

    [Fact]
    public async Task Redis_commands_issued_under_a_recorded_activity_are_exported_as_its_child_spans()
    {
        var exported = new ConcurrentQueue<Activity>();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration["ConnectionStrings:cache"] = services.Redis.ConnectionString;
        builder.AddAIVideoRedis();
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing
            .AddSource(TestSourceName)
            .AddProcessor(new CollectingProcessor(exported)));
        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        var redis = host.Services.GetRequiredService<IConnectionMultiplexer>();

        Activity? request;
        using (request = s_test.StartActivity("request"))
        {
            await redis.GetDatabase().StringSetAsync($"tracing:{Guid.NewGuid():N}", "1", TimeSpan.FromMinutes(1));
        }

        // The instrumentation turns profiled commands into spans on its own flush interval (10 s).
        var span = await Eventually.GetAsync(
            () => Task.FromResult(exported.FirstOrDefault(s => s.Source.Name == RedisSourceName && s.ParentSpanId == request!.SpanId)),
            TimeSpan.FromSeconds(30),
            "No Redis span under the request was exported.");

        Assert.Equal(request!.TraceId, span.TraceId);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal("SETEX", span.DisplayName);
        Assert.Equal("redis", span.GetTagItem("db.system.name") ?? span.GetTagItem("db.system"));
        Assert.True(span.StartTimeUtc >= request.StartTimeUtc && span.Duration > TimeSpan.Zero);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Receives what the tracer provider exports: only sources it was told to listen to, and only sampled spans.</summary>
    private sealed class CollectingProcessor(ConcurrentQueue<Activity> exported) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => exported.Enqueue(data);
    }
}
