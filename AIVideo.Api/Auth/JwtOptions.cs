using System.ComponentModel.DataAnnotations;

namespace AIVideo.Api.Auth;

/// <summary>How the Api signs and checks its own tokens (section <c>Jwt</c>).</summary>
public sealed class JwtOptions
{
    public const string SectionName = "Jwt";

    /// <summary>The HS256 key, at least 32 bytes (UTF-8). Required outside Development.</summary>
    public string? SigningKey { get; set; }

    [Required]
    public string Issuer { get; set; } = "aivideo-api";

    [Required]
    public string Audience { get; set; } = "aivideo-web";

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(7);
}
