namespace AIVideo.Worker.Jobs;

internal static class VideoJobsHostingExtensions
{
    public static TBuilder AddVideoJobs<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<VideoJobOptions>().BindConfiguration(VideoJobOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<VideoStepClaims>();
        builder.Services.AddScoped<VideoJobHandler>();
        builder.Services.AddSingleton<ReferenceImageLoader>();
        builder.Services.AddSingleton<VideoOutputStore>();
        builder.Services.AddSingleton<VideoJobQueue>();
        builder.Services.AddSingleton<VideoJobMetrics>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(VideoJobMetrics.MeterName));
        builder.Services.AddHostedService<VideoJobProcessor>();
        return builder;
    }
}
