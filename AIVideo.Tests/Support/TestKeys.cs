using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace AIVideo.Tests.Support;

/// <summary>Keys the test Api is configured with, so tests can mint real tokens for it.</summary>
internal static class TestKeys
{
    public const string JwtSigningKey = "aivideo-tests-hs256-signing-key-0123456789abcdef";
    public const string JwtIssuer = "aivideo-api";
    public const string JwtAudience = "aivideo-web";

    public const string EntraTenantId = "8f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e";
    public const string EntraClientId = "4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c7d";
    public static readonly string EntraIssuer = $"https://login.microsoftonline.com/{EntraTenantId}/v2.0";

    /// <summary>Stands in for Entra's published signing key; the Api's Entra scheme is told to trust it.</summary>
    public static readonly RsaSecurityKey EntraSigningKey = new(RSA.Create(2048)) { KeyId = "aivideo-tests-entra" };
}
