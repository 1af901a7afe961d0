namespace AIVideo.Tests.Support;

/// <summary>
/// The settings the Api refuses to start without outside Development (besides its connection
/// strings), each with a value it accepts. ProductionStartupTests starts the Api without each one;
/// InfrastructureTests checks that infra/ gives the api container app every one.
/// </summary>
internal static class ProductionSettings
{
    public static readonly IReadOnlyDictionary<string, string> Required = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Jwt:SigningKey"] = TestKeys.JwtSigningKey,
        ["Google:ClientId"] = "aivideo-tests.apps.googleusercontent.com",
        ["Google:ClientSecret"] = "aivideo-tests-secret",
        ["Google:AllowedRedirectUris:0"] = "https://app.example.com/auth/callback",
        ["Cors:AllowedOrigins:0"] = "https://app.example.com",
        ["ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/23",
        ["Stripe:SecretKey"] = "sk_live_aivideo-tests",
        ["Stripe:WebhookSecret"] = "whsec_aivideo-tests",
    };

    /// <summary>The key a start-up failure names: a list's, not its first entry's.</summary>
    public static string NamedKey(string key) => key.EndsWith(":0", StringComparison.Ordinal) ? key[..^2] : key;

    /// <summary>The environment variable that sets <paramref name="key"/> in a container.</summary>
    public static string EnvironmentVariable(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}
