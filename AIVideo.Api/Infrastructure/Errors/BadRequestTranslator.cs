using System.Text.Json;
using System.Text.RegularExpressions;
using AIVideo.Api.Infrastructure.Hardening;
using AIVideo.Api.Infrastructure.Validation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;

namespace AIVideo.Api.Infrastructure.Errors;

/// <summary>
/// Turns ASP.NET Core's request-binding failures into the contract's answers: malformed JSON, a
/// wrongly typed JSON value or an unparsable query or path value become FastAPI-style 422 lists.
/// The framework reports these only as <see cref="BadHttpRequestException"/> messages, whose
/// texts are stable (they are part of its logging contract), so they are read here.
/// </summary>
internal static partial class BadRequestTranslator
{
    public static IResult Translate(BadHttpRequestException exception, HttpContext context)
    {
        var failedEndpoint = context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        if (exception.InnerException is JsonException json)
        {
            var bodyType = failedEndpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
            return FromJson(json, bodyType).ToResult();
        }

        if (BindingFailed().Match(exception.Message) is { Success: true } failed)
        {
            var (msg, type) = DescribeType(failed.Groups["type"].Value);
            return new ValidationErrors().Add(LocateParameter(failed.Groups["name"].Value, failedEndpoint), msg, type).ToResult();
        }

        if (RequiredMissing().Match(exception.Message) is { Success: true } missing)
        {
            var source = missing.Groups["source"].Value;
            var location = source is "body"
                ? Location.Body()
                : LocateParameter(missing.Groups["name"].Value, failedEndpoint, source);
            return new ValidationErrors().Missing(location).ToResult();
        }

        if (exception.Message.StartsWith("Implicit body inferred", StringComparison.Ordinal))
        {
            return new ValidationErrors().Missing(Location.Body()).ToResult();
        }

        var detail = exception.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => "Request body too large",
            StatusCodes.Status415UnsupportedMediaType => "Unsupported media type: send application/json",
            _ => "Bad request",
        };
        return TypedResults.Json(new ErrorResponse(detail), statusCode: exception.StatusCode);
    }

    private static ValidationErrors FromJson(JsonException exception, Type? bodyType)
    {
        if (exception is JsonStringTooLongException tooLong)
        {
            return new ValidationErrors().Add(
                Location.Body([.. JsonPathParts(exception.Path ?? "$")]),
                $"ensure this value has at most {tooLong.MaxLength} characters",
                "value_error.any_str.max_length");
        }

        // A syntax error surfaces as a reader exception inside; a type mismatch does not.
        if (exception.InnerException is JsonException || exception.Path is null or "$")
        {
            return new ValidationErrors().Add(Location.Body(), "JSON decode error", "value_error.jsondecode");
        }

        // The exception names the record being built, not the member, so find the member's type.
        var path = JsonPathParts(exception.Path).ToList();
        var target = bodyType is null ? null : JsonMemberType.Resolve(bodyType, path);
        var (msg, type) = DescribeType(target?.Name ?? string.Empty);
        return new ValidationErrors().Add(Location.Body([.. path]), msg, type);
    }

    /// <summary>FastAPI's words for a value that does not parse as the C# (<c>int?</c>, <c>Nullable&lt;int&gt;</c>) or CLR (<c>Int32</c>) type.</summary>
    private static (string Msg, string Type) DescribeType(string typeName) => NullableInner().Replace(typeName, "$1").TrimEnd('?') switch
    {
        "int" or "long" or "short" or "Int16" or "Int32" or "Int64" => ("value is not a valid integer", "type_error.integer"),
        "bool" or "Boolean" => ("value could not be parsed to a boolean", "type_error.bool"),
        "decimal" or "double" or "float" or "Decimal" or "Double" or "Single" => ("value is not a valid float", "type_error.float"),
        "string" or "String" => ("str type expected", "type_error.str"),
        "Guid" => ("value is not a valid uuid", "type_error.uuid"),
        "DateTime" or "DateTimeOffset" => ("invalid datetime format", "value_error.datetime"),
        _ => ("value is not a valid value", "type_error"),
    };

    /// <summary>A bound parameter is a path value when the route template names it, else a query value.</summary>
    private static Location LocateParameter(string parameterName, Endpoint? endpoint, string? source = null)
    {
        var name = JsonNamingPolicy.SnakeCaseLower.ConvertName(parameterName);
        if (source is not null && source.Contains("header", StringComparison.Ordinal))
        {
            return Location.Header(name);
        }

        var inRoute = endpoint is RouteEndpoint routeEndpoint
            && routeEndpoint.RoutePattern.Parameters.Any(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name) == name);
        return inRoute ? Location.Path(name) : Location.Query(name);
    }

    /// <summary><c>$.items[0].name</c> → <c>items, 0, name</c>; <c>$['odd key']</c> → <c>odd key</c>.</summary>
    private static IEnumerable<object> JsonPathParts(string path)
    {
        foreach (Match part in JsonPathPart().Matches(path))
        {
            if (part.Groups["index"].Success)
            {
                yield return int.Parse(part.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                yield return part.Groups["quoted"].Success ? part.Groups["quoted"].Value : part.Groups["name"].Value;
            }
        }
    }

    [GeneratedRegex("""^Failed to bind parameter "(?<type>.+) (?<name>[^ ]+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex BindingFailed();

    [GeneratedRegex("""^Required parameter "(?<type>.+) (?<name>[^ ]+)" was not provided from (?<source>.+)\.$""", RegexOptions.Singleline)]
    private static partial Regex RequiredMissing();

    [GeneratedRegex("""^Nullable<(.+)>$""")]
    private static partial Regex NullableInner();

    [GeneratedRegex("""\.(?<name>[^.\[]+)|\[(?<index>\d+)\]|\['(?<quoted>(?:[^']|'')*)'\]""")]
    private static partial Regex JsonPathPart();
}
