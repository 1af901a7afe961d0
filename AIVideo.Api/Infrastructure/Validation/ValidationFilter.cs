namespace AIVideo.Api.Infrastructure.Validation;

/// <summary>
/// Validates every <see cref="IValidatable"/> argument of an endpoint and answers 422 with all of
/// their problems at once. Attached to route groups, like authorization.
/// </summary>
public sealed class ValidationFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ValidationErrors? errors = null;
        foreach (var argument in context.Arguments)
        {
            if (argument is IValidatable validatable)
            {
                errors ??= new ValidationErrors();
                validatable.Validate(errors);
            }
        }

        return errors is { IsEmpty: false } ? errors.ToResult() : await next(context);
    }
}

public static class ValidationFilterExtensions
{
    public static TBuilder WithRequestValidation<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter<TBuilder, ValidationFilter>();
        builder.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status422UnprocessableEntity, typeof(ValidationErrorResponse), ["application/json"]));
        return builder;
    }
}
