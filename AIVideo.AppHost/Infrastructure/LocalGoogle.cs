namespace AIVideo.AppHost.Infrastructure;

/// <summary>Google as the Emulator plays it locally: a code <c>dev:&lt;email&gt;</c> signs that person in.</summary>
internal static class LocalGoogle
{
    public const string ClientId = "aivideo-local.apps.googleusercontent.com";
    public const string ClientSecret = "aivideo-local-secret";
    public const string TokenPath = "/google/token";
    public const string UserInfoPath = "/google/userinfo";
}
