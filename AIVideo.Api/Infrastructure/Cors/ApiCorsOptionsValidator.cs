using Microsoft.Extensions.Options;

namespace AIVideo.Api.Infrastructure.Cors;

/// <summary>
/// Fails start-up when no origin is configured (Development has its localhost defaults by then), so
/// a deployment that forgot the frontend never answers a browser on localhost's behalf.
/// </summary>
internal sealed class ApiCorsOptionsValidator : IValidateOptions<ApiCorsOptions>
{
    private const string Key = $"{ApiCorsOptions.SectionName}:{nameof(ApiCorsOptions.AllowedOrigins)}";

    public ValidateOptionsResult Validate(string? name, ApiCorsOptions options)
    {
        if (options.AllowedOrigins.Length == 0)
        {
            return ValidateOptionsResult.Fail(
                $"{Key} is not set: list the frontend origins ({Key}:0=https://app.example.com); outside Development there is no default.");
        }

        // An origin is scheme, host and port only; "*" cannot go with credentials.
        var invalid = options.AllowedOrigins
            .Select((origin, index) => (origin, index))
            .Where(entry => !Uri.TryCreate(entry.origin, UriKind.Absolute, out var uri)
                || uri.Scheme is not ("https" or "http")
                || uri.GetLeftPart(UriPartial.Authority) != entry.origin.TrimEnd('/'))
            .Select(entry => $"{Key}:{entry.index} is '{entry.origin}', not an origin such as https://app.example.com.")
            .ToArray();
        return invalid.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(invalid);
    }
}
