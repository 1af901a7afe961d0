namespace AIVideo.Api.Infrastructure.Validation;

/// <summary>
/// One problem, FastAPI-style: where (<c>["body", "prompt"]</c>; <c>loc</c> items are names or
/// array indexes), a human message and a machine type (<c>value_error.missing</c>).
/// </summary>
public sealed record ValidationError(IReadOnlyList<object> Loc, string Msg, string Type);

/// <summary>The 422 body: <c>{"detail": [ ... ]}</c>.</summary>
public sealed record ValidationErrorResponse(IReadOnlyList<ValidationError> Detail);
