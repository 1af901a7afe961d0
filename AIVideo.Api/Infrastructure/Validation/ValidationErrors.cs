using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace AIVideo.Api.Infrastructure.Validation;

/// <summary>
/// Collects problems with a request in the contract's 422 vocabulary. Requests check themselves
/// with it (<see cref="IValidatable"/>); the texts are the ones the existing frontend expects.
/// </summary>
public sealed class ValidationErrors
{
    private readonly List<ValidationError> _errors = [];

    public bool IsEmpty => _errors.Count == 0;

    public IReadOnlyList<ValidationError> Items => _errors;

    public ValidationErrors Add(ValidationError error)
    {
        _errors.Add(error);
        return this;
    }

    public ValidationErrors Add(Location location, string msg, string type) => Add(new ValidationError(location.Parts, msg, type));

    public ValidationErrors Missing(Location location) =>
        Add(location, "field required", "value_error.missing");

    /// <summary>Checks a required string's presence and length; returns whether it passed.</summary>
    public bool RequiredString(Location location, string? value, int minLength, int maxLength)
    {
        if (value is null)
        {
            Missing(location);
            return false;
        }

        return Length(location, value, minLength, maxLength);
    }

    /// <summary>Checks an optional string's length when present; returns whether it passed.</summary>
    public bool Length(Location location, string? value, int minLength, int maxLength)
    {
        if (value is null)
        {
            return true;
        }

        if (value.Length < minLength)
        {
            Add(location, $"ensure this value has at least {minLength} characters", "value_error.any_str.min_length");
            return false;
        }

        if (value.Length > maxLength)
        {
            Add(location, $"ensure this value has at most {maxLength} characters", "value_error.any_str.max_length");
            return false;
        }

        return Text(location, value);
    }

    /// <summary>
    /// Refuses what no text field may hold: NUL (PostgreSQL cannot store it in text), unpaired
    /// surrogates (JSON can escape them; they are not characters and cannot be encoded as UTF-8),
    /// and U+FFFD, which is what the JSON reader makes of those: the mark of broken text.
    /// </summary>
    public bool Text(Location location, string? value)
    {
        if (value is null || IsWellFormedText(value))
        {
            return true;
        }

        Add(location, "string contains characters that are not allowed", "value_error.str.characters");
        return false;
    }

    private static bool IsWellFormedText(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is '\0' or '\uFFFD')
            {
                return false;
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    public bool Range(Location location, long? value, long minimum, long maximum)
    {
        if (value < minimum)
        {
            Add(location, $"ensure this value is greater than or equal to {minimum.ToString(CultureInfo.InvariantCulture)}", "value_error.number.not_ge");
            return false;
        }

        if (value > maximum)
        {
            Add(location, $"ensure this value is less than or equal to {maximum.ToString(CultureInfo.InvariantCulture)}", "value_error.number.not_le");
            return false;
        }

        return true;
    }

    public bool Enum(Location location, string? value, IReadOnlyCollection<string> permitted)
    {
        if (value is null || permitted.Contains(value))
        {
            return true;
        }

        var list = string.Join(", ", permitted.Select(p => $"'{p}'"));
        Add(location, $"value is not a valid enumeration member; permitted: {list}", "type_error.enum");
        return false;
    }

    /// <summary>The problems as DataAnnotations results, which is how <see cref="IValidatable"/> returns them.</summary>
    public IEnumerable<ValidationResult> Results => _errors.Select(error => new ContractValidationResult(error));

    public UnprocessableEntity<ValidationErrorResponse> ToResult() =>
        TypedResults.UnprocessableEntity(new ValidationErrorResponse(_errors));
}

/// <summary>A DataAnnotations result that keeps the contract's location and type of its problem.</summary>
public sealed class ContractValidationResult(ValidationError error) : ValidationResult(error.Msg)
{
    public ValidationError Error { get; } = error;
}

/// <summary>Where a value came from: <c>Location.Body("prompt")</c> is <c>["body", "prompt"]</c>.</summary>
public readonly record struct Location(IReadOnlyList<object> Parts)
{
    public static Location Body(params object[] path) => new(["body", .. path]);

    public static Location Query(string name) => new(["query", name]);

    public static Location Path(string name) => new(["path", name]);

    public static Location Header(string name) => new(["header", name]);
}
