namespace AIVideo.Api.Infrastructure.Validation;

/// <summary>
/// A request (body or <c>[AsParameters]</c> query) that checks its own values.
/// <see cref="ValidationFilter"/> runs it before the handler, so a handler only ever sees valid input.
/// </summary>
public interface IValidatable
{
    void Validate(ValidationErrors errors);
}
