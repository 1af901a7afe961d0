namespace AIVideo.Api.Infrastructure.Cors;

/// <summary>Browser origins allowed to call the API with credentials (section <c>Cors</c>).</summary>
public sealed class ApiCorsOptions
{
    public const string SectionName = "Cors";

    /// <summary>Development's origins when none is configured; outside Development there is no default.</summary>
    public static readonly IReadOnlyList<string> DevelopmentOrigins = ["http://localhost:3000", "http://127.0.0.1:3000", "http://localhost:8080"];

    // Empty rather than the defaults: the configuration binder appends to an initialised array,
    // so configured origins would otherwise be added to the defaults instead of replacing them.
    public string[] AllowedOrigins { get; set; } = [];
}
