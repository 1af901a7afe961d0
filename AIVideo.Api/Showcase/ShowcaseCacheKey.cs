using System.Globalization;
using AIVideo.Core.Data.Entities;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Primitives;

namespace AIVideo.Api.Showcase;

/// <summary>
/// Keys a cached showcase page by the query parameters its endpoint reads, normalised, and nothing else:
/// an unknown parameter, another <c>Host</c> or a different spelling of the same page cannot make a new
/// Redis entry. A value the normaliser does not recognise skips the cache (the endpoint then validates it,
/// so a malformed value can never be answered from a cached page).
/// </summary>
internal sealed class ShowcaseCacheKey : IOutputCachePolicy
{
    /// <summary>Beyond this, pages are served uncached: each offset would otherwise be a key of its own.</summary>
    public const int MaxCachedSkip = 100;

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        // The framework's default policy varies by every query key; the normalised values below replace that.
        context.CacheVaryByRules.QueryKeys = StringValues.Empty;
        context.CacheVaryByRules.VaryByHost = false;
        var parameters = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<ShowcaseCacheParameters>();
        if (parameters is null)
        {
            return ValueTask.CompletedTask;
        }

        var query = context.HttpContext.Request.Query;
        foreach (var (name, normalise) in parameters.Parameters)
        {
            var values = query[name];
            if (values.Count > 1 || normalise(values.Count == 0 ? null : values[0]) is not { } normalised)
            {
                context.AllowCacheLookup = false;
                context.AllowCacheStorage = false;
                return ValueTask.CompletedTask;
            }

            context.CacheVaryByRules.VaryByValues[name] = normalised;
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;
}

/// <summary>The query parameters a showcase endpoint reads, each with its normaliser (null: do not cache this request).</summary>
internal sealed record ShowcaseCacheParameters(params (string Name, Func<string?, string?> Normalise)[] Parameters)
{
    /// <summary>An integer written as the binder reads it canonically; absent is the endpoint's default.</summary>
    public static (string, Func<string?, string?>) Integer(string name, int defaultValue, int maxCached = int.MaxValue) =>
        (name, value =>
        {
            if (value is null)
            {
                return defaultValue.ToString(CultureInfo.InvariantCulture);
            }

            return int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                && number.ToString(CultureInfo.InvariantCulture) == value
                && number <= maxCached
                    ? value
                    : null;
        });

    /// <summary><c>true</c> or <c>false</c> in any case; absent is false.</summary>
    public static (string, Func<string?, string?>) Flag(string name) =>
        (name, value => value is null ? "false" : bool.TryParse(value, out var flag) && value.Trim() == value ? (flag ? "true" : "false") : null);

    /// <summary>
    /// One of the contract's categories (compared exactly, as the database does); any other text matches no
    /// video, so all of them share one page.
    /// </summary>
    public static (string, Func<string?, string?>) Category(string name) =>
        (name, value => value is null or "" ? "" : ShowcaseCategories.All.Contains(value, StringComparer.Ordinal) ? value : "(unknown)");
}
