namespace AIVideo.Api.Infrastructure.Errors;

/// <summary>The contract's error body for every 4xx and 5xx except 422: <c>{"detail": "..."}</c>.</summary>
public sealed record ErrorResponse(string Detail);

/// <summary>The 500 body: no exception text, only the trace id that finds the logged exception.</summary>
public sealed record InternalErrorResponse(string Detail, string TraceId);
