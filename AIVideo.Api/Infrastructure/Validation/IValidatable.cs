using System.ComponentModel.DataAnnotations;

namespace AIVideo.Api.Infrastructure.Validation;

/// <summary>
/// A request (a JSON body or an <c>[AsParameters]</c> record of query, path or header values)
/// that checks its own values: an <see cref="IValidatableObject"/> whose results speak the
/// contract's 422 vocabulary. <see cref="ValidationFilter"/> runs every one through
/// <see cref="Validator"/> before the handler, so a handler only ever sees valid input; the
/// context is the request's service provider, for checks that need a service (the model catalog).
/// </summary>
public interface IValidatable : IValidatableObject
{
    void Validate(ValidationErrors errors, ValidationContext context);

    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        var errors = new ValidationErrors();
        Validate(errors, validationContext);
        return errors.Results;
    }
}
