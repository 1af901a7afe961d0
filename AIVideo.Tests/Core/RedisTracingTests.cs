using System.Collections.Concurrent;
using System.Diagnostics;
using AIVideo.Core.Hosting;
using AIVideo.Tests.Infrastructure;
using StackExchange.Redis;

namespace AIVideo.Tests.Core;

public sealed class RedisTracingTests(TestServices services)
{
    private const string TestSourceName = "AIVideo.Tests.RedisTracing";
    private static readonly ActivitySource s_test = new(TestSourceName);

    [Fact]
    public async Task Redis_commands_issued_under_an_activity_become_its_child_spans()
    {
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is RedisTracing.ActivitySourceName or TestSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(services.Redis.ConnectionString);
        using var tracing = new RedisTracing(redis);

        Activity? request;
        using (request = s_test.StartActivity("request"))
        {
            await redis.GetDatabase().StringSetAsync($"tracing:{Guid.NewGuid():N}", "1", TimeSpan.FromMinutes(1));
        }

        // Work outside any activity is not traced.
        await redis.GetDatabase().PingAsync();
        tracing.Drain();

        var span = Assert.Single(spans, s => s.Source.Name == RedisTracing.ActivitySourceName);
        Assert.Equal("redis SETEX", span.DisplayName);
        Assert.Equal(request!.TraceId, span.TraceId);
        Assert.Equal(request.SpanId, span.ParentSpanId);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal("redis", span.GetTagItem("db.system.name"));
        Assert.True(span.StartTimeUtc >= request.StartTimeUtc && span.Duration > TimeSpan.Zero);
    }
}
