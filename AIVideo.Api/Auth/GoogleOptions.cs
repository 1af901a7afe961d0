using System.ComponentModel.DataAnnotations;

namespace AIVideo.Api.Auth;

/// <summary>The Google OAuth client the Api exchanges sign-in codes with (section <c>Google</c>).</summary>
public sealed class GoogleOptions
{
    public const string SectionName = "Google";

    /// <summary>Required outside Development.</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>Required outside Development.</summary>
    public string ClientSecret { get; set; } = string.Empty;

    [Required]
    public Uri TokenEndpoint { get; set; } = new("https://oauth2.googleapis.com/token");

    [Required]
    public Uri UserInfoEndpoint { get; set; } = new("https://openidconnect.googleapis.com/v1/userinfo");

    /// <summary>
    /// The frontend callback URLs a code may have been issued for. Empty here rather than a
    /// default list: the configuration binder appends to an initialised array. Required outside
    /// Development, where <see cref="DevelopmentRedirectUris"/> applies when none is set.
    /// </summary>
    public string[] AllowedRedirectUris { get; set; } = [];

    public static readonly IReadOnlyList<string> DevelopmentRedirectUris =
        ["http://localhost:3000/auth/callback", "http://127.0.0.1:3000/auth/callback", "http://localhost:8080/auth/callback"];
}
