using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;

namespace AIVideo.Api.Infrastructure.Validation;

/// <summary>
/// Validates every <see cref="IValidatableObject"/> argument of an endpoint with
/// <see cref="Validator"/> (DataAnnotations attributes, then the object's own checks) and answers
/// 422 with all of their problems at once. Attached to route groups, like authorization.
/// </summary>
public static class ValidationFilter
{
    public static TBuilder WithRequestValidation<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilterFactory(Create);
        // After the framework has described the endpoint's parameters: only endpoints that take
        // input (values to parse, a body, a request to validate) can answer 422.
        builder.Finally(endpoint =>
        {
            if (TakesInput(endpoint))
            {
                endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status422UnprocessableEntity, typeof(ValidationErrorResponse), ["application/json"]));
            }
        });
        return builder;
    }

    private static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var parameters = context.MethodInfo.GetParameters();
        var validated = Enumerable.Range(0, parameters.Length)
            .Where(i => parameters[i].ParameterType.IsAssignableTo(typeof(IValidatableObject)))
            .Select(i => (Index: i, Source: parameters[i].GetCustomAttribute<AsParametersAttribute>() is null ? "body" : "query"))
            .ToArray();
        if (validated.Length == 0)
        {
            return next;
        }

        return async invocation =>
        {
            var errors = new ValidationErrors();
            foreach (var (index, source) in validated)
            {
                if (invocation.Arguments[index] is { } argument)
                {
                    Validate(argument, source, invocation.HttpContext.RequestServices, errors);
                }
            }

            return errors.IsEmpty ? await next(invocation) : errors.ToResult();
        };
    }

    private static void Validate(object argument, string source, IServiceProvider services, ValidationErrors errors)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(argument, new ValidationContext(argument, services, items: null), results, validateAllProperties: true);
        foreach (var result in results)
        {
            // A plain DataAnnotations result (an attribute's) names C# members; the wire names them in snake_case.
            errors.Add(result is ContractValidationResult contract
                ? contract.Error
                : new ValidationError(
                    [source, .. result.MemberNames.Select(JsonNamingPolicy.SnakeCaseLower.ConvertName)],
                    result.ErrorMessage ?? "value is not valid",
                    "value_error"));
        }
    }

    /// <summary>A body, a request that validates itself, or a path, query or header value that may not parse.</summary>
    private static bool TakesInput(EndpointBuilder endpoint) =>
        endpoint.Metadata.OfType<IAcceptsMetadata>().Any(accepts => accepts.RequestType is not null)
        || endpoint.Metadata.OfType<IParameterBindingMetadata>().Any(parameter =>
            parameter.ParameterInfo.ParameterType.IsAssignableTo(typeof(IValidatableObject))
            || (parameter.ParameterInfo.ParameterType != typeof(string) && IsBoundValue(parameter)));

    /// <summary>The framework sets <see cref="IParameterBindingMetadata.HasTryParse"/> only for parameters without a source attribute.</summary>
    private static bool IsBoundValue(IParameterBindingMetadata parameter) =>
        parameter.HasTryParse
        || parameter.ParameterInfo.GetCustomAttributes(inherit: true).Any(a => a is IFromRouteMetadata or IFromQueryMetadata or IFromHeaderMetadata);
}
