namespace AIVideo.Worker.Media;

internal static class ExternalImageHostingExtensions
{
    /// <summary>The external reference image fetcher and its options (section <c>Media:ExternalImages</c>).</summary>
    public static TBuilder AddExternalImageFetcher<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<ExternalImageOptions>()
            .BindConfiguration(ExternalImageOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(
                options => options.TrustedHosts.All(TrustedHostList.IsValid),
                $"{ExternalImageOptions.SectionName}:TrustedHosts entries must be host:port.")
            .ValidateOnStart();

        // A singleton: it owns the HttpClient and its connection pool.
        builder.Services.AddSingleton<ExternalImageFetcher>();
        return builder;
    }
}
