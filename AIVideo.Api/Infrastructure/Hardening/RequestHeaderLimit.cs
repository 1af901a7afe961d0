using AIVideo.Api.Infrastructure.Errors;

namespace AIVideo.Api.Infrastructure.Hardening;

/// <summary>
/// Refuses requests whose headers add up to more than <see cref="MaxBytes"/> with the contract's
/// 431 body. Kestrel's own limit (twice as large) stays the hard stop for anything bigger; it
/// answers before the application runs and so cannot write the contract's body.
/// </summary>
internal static class RequestHeaderLimit
{
    public const int MaxBytes = 16 * 1024;

    public const string Detail = "Request header fields too large";

    public static Task CheckAsync(HttpContext context, Func<Task> next)
    {
        long total = 0;
        foreach (var (name, values) in context.Request.Headers)
        {
            // "Name: value\r\n" per value, as the header block is counted on the wire.
            foreach (var value in values)
            {
                total += name.Length + (value?.Length ?? 0) + 4;
            }
        }

        return total <= MaxBytes
            ? next()
            : TypedResults.Json(new ErrorResponse(Detail), statusCode: StatusCodes.Status431RequestHeaderFieldsTooLarge).ExecuteAsync(context);
    }
}
