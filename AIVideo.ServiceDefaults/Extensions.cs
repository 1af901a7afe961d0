using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The Aspire service defaults (telemetry, health, service discovery, resilience), as the Aspire
/// template writes them into every solution, with the project's own health endpoints. Every service calls
/// <see cref="AddServiceDefaults{TBuilder}"/> and <see cref="MapDefaultEndpoints"/>.
/// </summary>
public static class Extensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";

    /// <summary>Tag of the checks that only say the process is running (<c>/alive</c>).</summary>
    public const string LiveTag = "live";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            // Retrying a POST after a time-out can repeat what the server already did (a one-time
            // Google code, a billed provider job): only safe methods are retried automatically.
            http.AddStandardResilienceHandler(options => options.Retry.DisableForUnsafeHttpMethods());
            http.AddServiceDiscovery();
        });

        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddAspNetCoreInstrumentation(options =>
                    // Probes every few seconds would drown the traces that matter.
                    options.Filter = context => !IsProbe(context.Request.Path))
                .AddHttpClientInstrumentation());

        // Export only where a collector is configured (the AppHost's dashboard, Azure Monitor's agent).
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }
        else
        {
            // Nowhere to send them: record no spans at all, from any source (ours, ASP.NET Core,
            // Npgsql, Redis, the Azure SDK). Filling in each request's spans costs a few
            // microseconds that nobody would read (docs/performance.md).
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.SetSampler(new AlwaysOffSampler()));
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);

        // The framework's service, wrapped so that /health answers from a short cache.
        builder.Services.AddOptions<HealthCacheOptions>().BindConfiguration(HealthCacheOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var framework = builder.Services.Last(d => d.ServiceType == typeof(HealthCheckService));
        builder.Services.Remove(framework);
        builder.Services.AddSingleton<HealthCheckService>(services => new CachedHealthCheckService(
            (HealthCheckService)(framework.ImplementationFactory?.Invoke(services)
                ?? framework.ImplementationInstance
                ?? ActivatorUtilities.CreateInstance(services, framework.ImplementationType!)),
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetRequiredService<IOptions<HealthCacheOptions>>().Value.CacheDuration));

        return builder;
    }

    /// <summary>
    /// <c>/health</c> (readiness: every registered check) and <c>/alive</c> (liveness), in every
    /// environment: container platforms probe them. The body says only the overall status, so
    /// nothing about the dependencies leaks.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // Probes come every few seconds and would bury the traces that matter: the request itself is
        // filtered out above, and the checks it runs (database, storage, Redis) are not traced either.
        app.UseWhen(
            context => IsProbe(context.Request.Path),
            probe => probe.Use(async (context, next) =>
            {
                using var untraced = SuppressInstrumentationScope.Begin();
                await next(context);
            }));

        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions { ResponseWriter = WriteStatusAsync })
            .DisableHttpMetrics();

        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(LiveTag),
            ResponseWriter = WriteStatusAsync,
        }).DisableHttpMetrics();

        return app;
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments(HealthEndpointPath) || path.StartsWithSegments(AlivenessEndpointPath);

    /// <summary>Writes <c>{"status":"healthy"}</c> (or <c>degraded</c>, <c>unhealthy</c>).</summary>
    private static Task WriteStatusAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        var status = report.Status switch
        {
            HealthStatus.Healthy => "healthy",
            HealthStatus.Degraded => "degraded",
            _ => "unhealthy",
        };
        return context.Response.WriteAsync($$"""{"status":"{{status}}"}""");
    }
}
