using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace AIVideo.Emulator.Google;

/// <summary>
/// Google's OAuth token and userinfo endpoints, shaped like the real ones. A code
/// <c>dev:&lt;email&gt;</c> or <c>dev:&lt;email&gt;:&lt;name&gt;</c> signs that person in;
/// <c>dev-unverified:…</c> does the same for an account whose address Google has not verified
/// (<c>email_verified: false</c>); any other code is refused the way Google refuses it (400 <c>invalid_grant</c>). The emulator keeps no
/// state: the access token it hands out carries the identity back to the userinfo endpoint.
/// </summary>
public static class GoogleApi
{
    private const string CodePrefix = "dev:";
    private const string UnverifiedCodePrefix = "dev-unverified:";
    private const string TokenPrefix = "emu-google.";

    public static IEndpointRouteBuilder MapGoogleApi(this IEndpointRouteBuilder app)
    {
        var google = app.MapGroup("/google").WithTags("Google");
        google.MapPost("/token", ExchangeCode).DisableAntiforgery();
        google.MapGet("/userinfo", GetUserInfo);
        return app;
    }

    public static async Task<Results<Ok<GoogleTokenResponse>, BadRequest<GoogleError>>> ExchangeCode(HttpRequest request)
    {
        if (!request.HasFormContentType)
        {
            return TypedResults.BadRequest(new GoogleError("invalid_request", "Invalid request content type"));
        }

        var form = await request.ReadFormAsync();
        if ((string?)form["grant_type"] != "authorization_code")
        {
            return TypedResults.BadRequest(new GoogleError("unsupported_grant_type", "Invalid grant_type: " + form["grant_type"]));
        }

        if (string.IsNullOrEmpty(form["client_id"]) || string.IsNullOrEmpty(form["redirect_uri"]))
        {
            return TypedResults.BadRequest(new GoogleError("invalid_request", "Missing required parameter: client_id or redirect_uri"));
        }

        if (ParseCode(form["code"]) is not { } identity)
        {
            return TypedResults.BadRequest(new GoogleError("invalid_grant", "Bad Request"));
        }

        var verified = identity.EmailVerified ? "verified" : "unverified";
        var accessToken = TokenPrefix + WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes($"{identity.Email}\n{identity.Name}\n{verified}"));
        return TypedResults.Ok(new GoogleTokenResponse(accessToken, 3599, "openid https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/userinfo.profile", "Bearer"));
    }

    public static Results<Ok<GoogleUserInfo>, UnauthorizedHttpResult> GetUserInfo(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer " + TokenPrefix, StringComparison.Ordinal))
        {
            return TypedResults.Unauthorized();
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(header["Bearer ".Length..][TokenPrefix.Length..]));
        }
        catch (FormatException)
        {
            return TypedResults.Unauthorized();
        }

        if (decoded.Split('\n') is not [var email, var name, var verified])
        {
            return TypedResults.Unauthorized();
        }

        var givenName = name.Split(' ')[0];
        return TypedResults.Ok(new GoogleUserInfo(StableSubject(email), email, verified == "verified", name, givenName, Picture: null));
    }

    /// <summary><c>dev:alice@example.com</c>, <c>dev:alice@example.com:Alice Liddell</c>, or either with <c>dev-unverified:</c>.</summary>
    internal static GoogleIdentity? ParseCode(string? code)
    {
        var prefix = code?.StartsWith(CodePrefix, StringComparison.Ordinal) == true ? CodePrefix
            : code?.StartsWith(UnverifiedCodePrefix, StringComparison.Ordinal) == true ? UnverifiedCodePrefix
            : null;
        if (code is null || prefix is null)
        {
            return null;
        }

        var parts = code[prefix.Length..].Split(':', 2);
        var email = parts[0].Trim().ToLowerInvariant();
        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == email.Length - 1 || email.Contains('\n', StringComparison.Ordinal))
        {
            return null;
        }

        var name = parts is [_, var given] && !string.IsNullOrWhiteSpace(given) ? given.Trim() : email[..at];
        return name.Contains('\n', StringComparison.Ordinal) ? null : new GoogleIdentity(email, name, EmailVerified: prefix == CodePrefix);
    }

    /// <summary>Google's subject is a 21-digit number that never changes for an account; derive one per email.</summary>
    internal static string StableSubject(string email)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(email.ToLowerInvariant()));
        var number = BitConverter.ToUInt64(hash, 0) % 100_000_000_000_000_000UL;
        return "1" + number.ToString("D20", System.Globalization.CultureInfo.InvariantCulture);
    }
}

internal sealed record GoogleIdentity(string Email, string Name, bool EmailVerified);

public sealed record GoogleTokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("scope")] string Scope,
    [property: JsonPropertyName("token_type")] string TokenType);

public sealed record GoogleError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string ErrorDescription);

public sealed record GoogleUserInfo(
    [property: JsonPropertyName("sub")] string Sub,
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("email_verified")] bool EmailVerified,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("given_name")] string GivenName,
    [property: JsonPropertyName("picture")] string? Picture);
