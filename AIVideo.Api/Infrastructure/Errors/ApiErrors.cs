namespace AIVideo.Api.Infrastructure.Errors;

/// <summary>The contract's <c>{"detail": ...}</c> answers for statuses without a typed result of their own.</summary>
public static class ApiErrors
{
    public static JsonHttpResult<ErrorResponse> Unauthorized(string detail) =>
        TypedResults.Json(new ErrorResponse(detail), statusCode: StatusCodes.Status401Unauthorized);

    public static JsonHttpResult<ErrorResponse> Forbidden(string detail) =>
        TypedResults.Json(new ErrorResponse(detail), statusCode: StatusCodes.Status403Forbidden);
}
