using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AIVideo.Api.Showcase;

/// <summary>
/// Gives a successful JSON response <c>Cache-Control</c> and an ETag from a hash of its content,
/// and answers 304 when the client already has it. The output cache stores both headers with
/// the response and answers later conditional requests itself.
/// </summary>
public sealed class HttpCachingFilter(IOptions<JsonOptions> json) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        if (result is not (IValueHttpResult { Value: { } value } and IStatusCodeHttpResult { StatusCode: StatusCodes.Status200OK }))
        {
            return result;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), json.Value.SerializerOptions);
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..32]}\"");
        var http = context.HttpContext;
        http.Response.Headers.ETag = etag.ToString();
        http.Response.Headers.CacheControl = $"public, max-age={(int)ShowcaseCaching.BrowserLifetime.TotalSeconds}";
        return EntityTagHeaderValue.TryParseList(http.Request.Headers.IfNoneMatch, out var requested)
            && requested.Any(tag => tag.Compare(etag, useStrongComparison: false))
                ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
                : result;
    }
}
