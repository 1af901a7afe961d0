using System.Globalization;
using System.Reflection;
using System.Text.Json;
using AIVideo.Api.Infrastructure.Hardening;
using AIVideo.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace AIVideo.Api.Infrastructure.Errors;

/// <summary>
/// Turns ASP.NET Core's request-binding failures into the contract's answers. Nothing is read from
/// exception texts: a JSON body's failure is located by the <see cref="JsonException.Path"/> the
/// serializer records and typed by the serializer's own metadata for the body type; a path, query
/// or header value is found through the parameter-binding metadata the framework attaches to every
/// endpoint, by parsing each value as its parameter's type again. This runs only once binding has
/// failed; valid requests never pay for it.
/// </summary>
internal static class BindingErrors
{
    private static readonly MethodInfo s_parses = typeof(BindingErrors).GetMethod(nameof(Parses), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static IResult Describe(BadHttpRequestException exception, HttpContext context)
    {
        var failed = context.Features.Get<IExceptionHandlerFeature>();
        var endpoint = failed?.Endpoint;
        var body = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>();
        if (exception.InnerException is JsonException json)
        {
            var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            return FromJson(json, body?.RequestType, options).ToResult();
        }

        if (exception.StatusCode == StatusCodes.Status400BadRequest && endpoint is not null)
        {
            var errors = FromParameters(endpoint, context.Request, failed!.RouteValues);
            // Every value parses, so what failed is the JSON body the handler binds: absent, empty or null.
            if (errors.IsEmpty && BindsJsonBody(endpoint, body))
            {
                errors.Missing(Location.Body());
            }

            if (!errors.IsEmpty)
            {
                return errors.ToResult();
            }
        }

        var detail = exception.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => "Request body too large",
            StatusCodes.Status415UnsupportedMediaType => "Unsupported media type: send application/json",
            _ => "Bad request",
        };
        return TypedResults.Json(new ErrorResponse(detail), statusCode: exception.StatusCode);
    }

    private static bool BindsJsonBody(Endpoint endpoint, IAcceptsMetadata? body) =>
        body is { RequestType: { } type } && body.ContentTypes.Contains("application/json")
        && endpoint.Metadata.GetOrderedMetadata<IParameterBindingMetadata>().Any(p => p.ParameterInfo.ParameterType == type);

    private static ValidationErrors FromJson(JsonException exception, Type? bodyType, JsonSerializerOptions options)
    {
        var path = JsonPathParts(exception.Path);
        if (exception is JsonStringTooLongException tooLong)
        {
            return new ValidationErrors().Add(
                Location.Body([.. path]),
                $"ensure this value has at most {tooLong.MaxLength} characters",
                "value_error.any_str.max_length");
        }

        // A syntax error surfaces as a reader exception inside; a type mismatch does not.
        if (exception.InnerException is JsonException || path.Count == 0)
        {
            return new ValidationErrors().Add(Location.Body(), "JSON decode error", "value_error.jsondecode");
        }

        var (msg, type) = DescribeType(bodyType is null ? null : MemberType(options, bodyType, path));
        return new ValidationErrors().Add(Location.Body([.. path]), msg, type);
    }

    /// <summary>Every path, query or header value of the endpoint that is missing although required, or does not parse as its parameter's type.</summary>
    private static ValidationErrors FromParameters(Endpoint endpoint, HttpRequest request, RouteValueDictionary? routeValues)
    {
        var errors = new ValidationErrors();
        foreach (var parameter in endpoint.Metadata.GetOrderedMetadata<IParameterBindingMetadata>())
        {
            if (Locate(parameter, endpoint) is not { } source)
            {
                continue;
            }

            var raw = source.Location.Parts[0] switch
            {
                "path" => routeValues?.TryGetValue(source.Name, out var value) == true ? Convert.ToString(value, CultureInfo.InvariantCulture) : null,
                "header" => request.Headers.TryGetValue(source.Name, out var values) ? values.ToString() : null,
                _ => request.Query.TryGetValue(source.Name, out var values) ? values.ToString() : null,
            };
            var valueType = parameter.ParameterInfo.ParameterType;
            if (raw is null)
            {
                if (!parameter.IsOptional)
                {
                    errors.Missing(source.Location);
                }
            }
            else if (!CanParse(Nullable.GetUnderlyingType(valueType) ?? valueType, raw))
            {
                var (msg, type) = DescribeType(valueType);
                errors.Add(source.Location, msg, type);
            }
        }

        return errors;
    }

    /// <summary>
    /// Where the framework reads a value from: its <c>[FromRoute]</c>, <c>[FromQuery]</c> or
    /// <c>[FromHeader]</c> name; else, for a parsable type (<see cref="IParameterBindingMetadata.HasTryParse"/>,
    /// which the framework sets only for parameters without such an attribute), the route when the
    /// template names it, or the query. Null for bodies, services and the like.
    /// </summary>
    private static (Location Location, string Name)? Locate(IParameterBindingMetadata binding, Endpoint endpoint)
    {
        var parameter = binding.ParameterInfo;
        foreach (var attribute in parameter.GetCustomAttributes(inherit: true))
        {
            switch (attribute)
            {
                case IFromRouteMetadata route:
                    return (Location.Path(route.Name ?? parameter.Name!), route.Name ?? parameter.Name!);
                case IFromQueryMetadata query:
                    return (Location.Query(query.Name ?? parameter.Name!), query.Name ?? parameter.Name!);
                case IFromHeaderMetadata header:
                    return (Location.Header(header.Name ?? parameter.Name!), header.Name ?? parameter.Name!);
                case IFromBodyMetadata or IFromFormMetadata or IFromServiceMetadata:
                    return null;
            }
        }

        if (!binding.HasTryParse)
        {
            return null;
        }

        var name = parameter.Name!;
        var inRoute = endpoint is RouteEndpoint routeEndpoint
            && routeEndpoint.RoutePattern.Parameters.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        return inRoute ? (Location.Path(name), name) : (Location.Query(name), name);
    }

    /// <summary>Parses as binding does: <see cref="IParsable{TSelf}"/> with the invariant culture; enums by name or value.</summary>
    private static bool CanParse(Type type, string raw)
    {
        if (type.IsEnum)
        {
            return Enum.TryParse(type, raw, ignoreCase: true, out _);
        }

        var parsable = type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IParsable<>) && i.GetGenericArguments()[0] == type);
        // A type with a TryParse of its own cannot be judged here: it is reported as not parsing.
        return parsable && (bool)s_parses.MakeGenericMethod(type).Invoke(null, [raw])!;
    }

    private static bool Parses<T>(string raw) where T : IParsable<T> => T.TryParse(raw, CultureInfo.InvariantCulture, out _);

    /// <summary>FastAPI's words for a value that is not of the expected .NET type.</summary>
    private static (string Msg, string Type) DescribeType(Type? type) => (type is null ? null : Nullable.GetUnderlyingType(type) ?? type) switch
    {
        { } t when t == typeof(int) || t == typeof(long) || t == typeof(short) => ("value is not a valid integer", "type_error.integer"),
        { } t when t == typeof(bool) => ("value could not be parsed to a boolean", "type_error.bool"),
        { } t when t == typeof(decimal) || t == typeof(double) || t == typeof(float) => ("value is not a valid float", "type_error.float"),
        { } t when t == typeof(string) => ("str type expected", "type_error.str"),
        { } t when t == typeof(Guid) => ("value is not a valid uuid", "type_error.uuid"),
        { } t when t == typeof(DateTime) || t == typeof(DateTimeOffset) => ("invalid datetime format", "value_error.datetime"),
        _ => ("value is not a valid value", "type_error"),
    };

    /// <summary>The .NET type at a JSON path inside the body type, by the serializer's own contract (its names, its element types).</summary>
    private static Type? MemberType(JsonSerializerOptions options, Type root, IReadOnlyList<object> path)
    {
        Type? current = root;
        foreach (var part in path)
        {
            var info = options.GetTypeInfo(current!);
            current = part switch
            {
                int => info.ElementType,
                string name => info.Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.PropertyType,
                _ => null,
            };
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>The serializer's path, <c>$.items[0].name</c> or <c>$['odd key']</c>, as <c>items, 0, name</c>; empty for the root.</summary>
    private static List<object> JsonPathParts(string? path)
    {
        var parts = new List<object>();
        var i = path is ['$', ..] ? 1 : 0;
        while (path is not null && i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                parts.Add(path[(i + 1)..end]);
                i = end;
            }
            else if (path.AsSpan(i).StartsWith("['", StringComparison.Ordinal) && path.IndexOf("']", i + 2, StringComparison.Ordinal) is var close and >= 0)
            {
                parts.Add(path[(i + 2)..close].Replace("''", "'", StringComparison.Ordinal));
                i = close + 2;
            }
            else if (path[i] == '[' && path.IndexOf(']', i) is var end and >= 0
                && int.TryParse(path.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                parts.Add(index);
                i = end + 1;
            }
            else
            {
                break;
            }
        }

        return parts;
    }
}
