using Microsoft.Extensions.Options;

namespace AIVideo.Api.Auth;

/// <summary>
/// Outside Development the Google client and the frontend's callbacks must be configured: an unset
/// client fails every sign-in, and an unset callback list must not fall back to localhost's.
/// </summary>
internal sealed class GoogleOptionsValidator(IHostEnvironment environment) : IValidateOptions<GoogleOptions>
{
    private const string RedirectUrisKey = $"{GoogleOptions.SectionName}:{nameof(GoogleOptions.AllowedRedirectUris)}";

    public ValidateOptionsResult Validate(string? name, GoogleOptions options)
    {
        var failures = new List<string>();
        if (!environment.IsDevelopment())
        {
            Require(options.ClientId, nameof(GoogleOptions.ClientId), failures);
            Require(options.ClientSecret, nameof(GoogleOptions.ClientSecret), failures);
        }

        // Development has its localhost callbacks by now (UserAuthentication).
        if (options.AllowedRedirectUris.Length == 0)
        {
            failures.Add($"{RedirectUrisKey} is not set: list the frontend's sign-in callbacks ({RedirectUrisKey}:0=https://app.example.com/auth/callback); outside Development there is no default.");
        }

        for (var i = 0; i < options.AllowedRedirectUris.Length; i++)
        {
            if (!Uri.TryCreate(options.AllowedRedirectUris[i], UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            {
                failures.Add($"{RedirectUrisKey}:{i} is '{options.AllowedRedirectUris[i]}', not an absolute http(s) URL.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Require(string value, string property, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{GoogleOptions.SectionName}:{property} is not set: outside Development it must be the Google OAuth client's.");
        }
    }
}
