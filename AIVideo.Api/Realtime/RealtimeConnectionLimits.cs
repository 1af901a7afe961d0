using AIVideo.Api.Infrastructure.Errors;

namespace AIVideo.Api.Realtime;

/// <summary>
/// The answers to a realtime connect over a limit, given before any upgrade or stream starts, in the
/// contract's error shape. Decision: the new connection is refused, the open ones stay. Closing the
/// oldest instead would let two tabs over the cap take turns evicting each other (each reconnecting,
/// as clients do), while an <c>EventSource</c> refused with a 4xx stops retrying.
/// </summary>
internal static class RealtimeConnectionLimits
{
    public static JsonHttpResult<ErrorResponse> TooManyForUser(int max) =>
        TypedResults.Json(
            new ErrorResponse($"Too many open realtime connections: at most {max} per user. Close another tab or window and try again."),
            statusCode: StatusCodes.Status429TooManyRequests);

    public static JsonHttpResult<ErrorResponse> ServerFull() =>
        TypedResults.Json(new ErrorResponse("Too many open connections on this server. Try again later."), statusCode: StatusCodes.Status503ServiceUnavailable);
}
