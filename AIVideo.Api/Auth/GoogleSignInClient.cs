using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace AIVideo.Api.Auth;

/// <summary>Talks to Google (or the Emulator locally): code → access token → user info.</summary>
public sealed partial class GoogleSignInClient(HttpClient http, IOptions<GoogleOptions> options, ILogger<GoogleSignInClient> logger)
{
    private readonly GoogleOptions _options = options.Value;

    /// <summary>Returns Google's access token, or null when Google refuses the code or cannot be reached.</summary>
    public async Task<string?> ExchangeCodeAsync(string code, string redirectUri, CancellationToken cancellationToken)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["code"] = code,
            ["client_id"] = _options.ClientId,
            ["client_secret"] = _options.ClientSecret,
            ["redirect_uri"] = redirectUri,
            ["grant_type"] = "authorization_code",
        });
        try
        {
            using var response = await http.PostAsync(_options.TokenEndpoint, form, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                LogRefused(logger, "token", (int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
                return null;
            }

            var token = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken);
            return string.IsNullOrEmpty(token?.AccessToken) ? null : token.AccessToken;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            LogUnreachable(logger, exception, "token");
            return null;
        }
    }

    /// <summary>Returns the signed-in Google account, or null when Google does not say who it is.</summary>
    public async Task<GoogleUser?> GetUserAsync(string accessToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _options.UserInfoEndpoint);
        request.Headers.Authorization = new("Bearer", accessToken);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                LogRefused(logger, "userinfo", (int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
                return null;
            }

            var user = await response.Content.ReadFromJsonAsync<GoogleUser>(cancellationToken);
            return user is { Sub.Length: > 0, Email.Length: > 0 } ? user : null;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            LogUnreachable(logger, exception, "userinfo");
            return null;
        }
    }

    private sealed record TokenResponse([property: JsonPropertyName("access_token")] string? AccessToken);

    [LoggerMessage(LogLevel.Warning, "Google {Endpoint} endpoint refused with {Status}: {Body}")]
    private static partial void LogRefused(ILogger logger, string endpoint, int status, string body);

    [LoggerMessage(LogLevel.Warning, "Google {Endpoint} endpoint could not be reached")]
    private static partial void LogUnreachable(ILogger logger, Exception exception, string endpoint);
}

/// <summary>The fields of Google's userinfo response that the Api uses.</summary>
public sealed record GoogleUser(
    [property: JsonPropertyName("sub")] string Sub,
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("email_verified")] bool EmailVerified,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("picture")] string? Picture);
