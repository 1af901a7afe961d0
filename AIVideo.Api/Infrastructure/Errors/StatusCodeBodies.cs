using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;

namespace AIVideo.Api.Infrastructure.Errors;

/// <summary>
/// Gives the responses that the framework ends without a body (no route, wrong method, a bare
/// challenge) the contract's <c>{"detail": ...}</c> body.
/// </summary>
internal static class StatusCodeBodies
{
    public static Task WriteAsync(StatusCodeContext context)
    {
        var status = context.HttpContext.Response.StatusCode;
        var detail = status switch
        {
            StatusCodes.Status401Unauthorized => "Not authenticated",
            StatusCodes.Status403Forbidden => "Not authorized",
            // Set by the framework when a body passes the server's size limit; the same words as BindingErrors'.
            StatusCodes.Status413PayloadTooLarge => "Request body too large",
            _ => ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error",
        };
        return TypedResults.Json(new ErrorResponse(detail), statusCode: status).ExecuteAsync(context.HttpContext);
    }
}
