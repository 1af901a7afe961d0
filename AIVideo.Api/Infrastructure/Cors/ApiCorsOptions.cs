namespace AIVideo.Api.Infrastructure.Cors;

/// <summary>Browser origins allowed to call the API with credentials (section <c>Cors</c>).</summary>
public sealed class ApiCorsOptions
{
    public const string SectionName = "Cors";

    /// <summary>The contract's defaults, used when no origin is configured.</summary>
    public static readonly IReadOnlyList<string> DefaultOrigins = ["http://localhost:3000", "http://127.0.0.1:3000", "http://localhost:8080"];

    // Empty rather than the defaults: the configuration binder appends to an initialised array,
    // so configured origins would otherwise be added to the defaults instead of replacing them.
    public string[] AllowedOrigins { get; set; } = [];

    public IReadOnlyList<string> EffectiveOrigins => AllowedOrigins.Length > 0 ? AllowedOrigins : DefaultOrigins;
}
