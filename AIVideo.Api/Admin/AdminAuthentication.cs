using AIVideo.Api.Auth;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Identity.Web;

namespace AIVideo.Api.Admin;

/// <summary>
/// Admin endpoints accept Microsoft Entra ID tokens (section <c>AzureAd</c>, validated by
/// Microsoft.Identity.Web) carrying the <c>AIVideo.Admin</c> app role. They also authenticate user
/// tokens, only so that a signed-in user is told 403 rather than 401: no user token has the role.
/// </summary>
public static class AdminAuthentication
{
    public const string Scheme = "EntraId";
    public const string Policy = "Admin";
    public const string Role = "AIVideo.Admin";
    public const string SectionName = "AzureAd";

    public static WebApplicationBuilder AddAdminAuthentication(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(SectionName);
        var entraConfigured = !string.IsNullOrEmpty(section["ClientId"]) && !string.IsNullOrEmpty(section["TenantId"]);
        if (entraConfigured)
        {
            builder.Services.AddAuthentication().AddMicrosoftIdentityWebApi(section, jwtBearerScheme: Scheme);

            // A single-tenant admin app: pin the issuer to our tenant rather than accept any Entra tenant.
            var instance = (section["Instance"] ?? "https://login.microsoftonline.com/").TrimEnd('/');
            builder.Services.PostConfigure<JwtBearerOptions>(Scheme, options =>
                options.TokenValidationParameters.ValidIssuer = $"{instance}/{section["TenantId"]}/v2.0");
        }

        string[] schemes = entraConfigured ? [Scheme, UserAuthentication.Scheme] : [UserAuthentication.Scheme];
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policy, policy => policy
                .AddAuthenticationSchemes(schemes)
                .RequireAuthenticatedUser()
                .RequireRole(Role));

        return builder;
    }
}
