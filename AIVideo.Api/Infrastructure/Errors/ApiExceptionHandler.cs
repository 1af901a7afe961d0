using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;

namespace AIVideo.Api.Infrastructure.Errors;

/// <summary>
/// The one place an exception becomes a response. Binding failures are the client's fault and
/// get the contract's 4xx bodies; anything else is logged whole and answered with a 500 that
/// carries only the trace id.
/// </summary>
internal sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException badRequest)
        {
            LogBadRequest(logger, badRequest.Message);
            await BindingErrors.Describe(badRequest, httpContext).ExecuteAsync(httpContext);
            return true;
        }

        var traceId = Activity.Current?.TraceId.ToString() ?? httpContext.TraceIdentifier;
        LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path, traceId);
        await TypedResults.Json(new InternalErrorResponse("Internal server error", traceId), statusCode: StatusCodes.Status500InternalServerError)
            .ExecuteAsync(httpContext);
        return true;
    }

    [LoggerMessage(LogLevel.Debug, "Rejected request: {Reason}")]
    private static partial void LogBadRequest(ILogger logger, string reason);

    [LoggerMessage(LogLevel.Error, "Unhandled exception on {Method} {Path} (trace id {TraceId})")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path, string traceId);
}
