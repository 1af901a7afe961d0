namespace AIVideo.Api.Infrastructure.Hardening;

/// <summary>
/// Headers that keep browsers from misusing API responses: no MIME sniffing, no referrer leaks,
/// no framing. A response that brings its own Content-Security-Policy (served uploads) keeps it;
/// the default one only forbids framing, so the interactive docs' inline scripts still run.
/// </summary>
internal static class SecurityHeaders
{
    public const string ReferrerPolicy = "no-referrer";
    public const string FrameAncestors = "frame-ancestors 'none'";

    public static Task AddAsync(HttpContext context, Func<Task> next)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.TryAdd("X-Content-Type-Options", "nosniff");
            headers.TryAdd("Referrer-Policy", ReferrerPolicy);
            headers.TryAdd("X-Frame-Options", "DENY");
            headers.TryAdd("Content-Security-Policy", FrameAncestors);
            return Task.CompletedTask;
        });
        return next();
    }
}
