namespace AIVideo.Api.Infrastructure.Hardening;

/// <summary>
/// Puts the hardening middleware in front of everything the application adds, so that the client
/// address is settled before anything reads it and every response, errors included, carries the
/// security headers.
/// </summary>
internal sealed class HardeningStartupFilter(IWebHostEnvironment environment) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseForwardedHeaders();
        app.Use(SecurityHeaders.AddAsync);
        if (!environment.IsDevelopment())
        {
            // Only on HTTPS requests (directly or through a trusted proxy's X-Forwarded-Proto);
            // Development runs on plain http://localhost, where a pinned HSTS entry would only hurt.
            app.UseHsts();
        }

        app.Use(RequestHeaderLimit.CheckAsync);
        next(app);
    };
}
