using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AIVideo.Emulator.Providers;

/// <summary>The three emulated video provider APIs, each under the prefix the Api's model catalog points at.</summary>
internal static class ProviderApis
{
    public static IHostApplicationBuilder AddProviderEmulation(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmulatorOptions>()
            .BindConfiguration(EmulatorOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<VideoRenderer>();
        builder.Services.AddSingleton<JobStore>();
        return builder;
    }

    public static IEndpointRouteBuilder MapProviderApis(this IEndpointRouteBuilder app)
    {
        app.MapOpenAIVideosApi();
        app.MapAzureSoraApi();
        app.MapRunwayApi();
        return app;
    }
}
