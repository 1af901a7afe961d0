using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using AIVideo.Core.Data;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace AIVideo.Api.Auth;

/// <summary>The user scheme: the Api's own HS256 access tokens, checked by the JWT bearer handler.</summary>
public static class UserAuthentication
{
    public const string Scheme = JwtBearerDefaults.AuthenticationScheme;

    // A key per process when Development has none configured: tokens then die with the process.
    private static readonly string s_developmentKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    public static WebApplicationBuilder AddUserAuthentication(this WebApplicationBuilder builder)
    {
        var jwt = builder.Services.AddOptions<JwtOptions>().BindConfiguration(JwtOptions.SectionName);
        if (builder.Environment.IsDevelopment())
        {
            jwt.PostConfigure(options => options.SigningKey ??= s_developmentKey);
        }

        jwt.ValidateDataAnnotations().Validate(
                options => Encoding.UTF8.GetByteCount(options.SigningKey ?? string.Empty) >= 32,
                "Jwt:SigningKey must be set to a secret of at least 32 bytes (run.sh generates one into the AppHost's user secrets).")
            .ValidateOnStart();

        var google = builder.Services.AddOptions<GoogleOptions>().BindConfiguration(GoogleOptions.SectionName);
        if (builder.Environment.IsDevelopment())
        {
            google.PostConfigure(options => options.AllowedRedirectUris =
                options.AllowedRedirectUris is [] ? [.. GoogleOptions.DevelopmentRedirectUris] : options.AllowedRedirectUris);
        }

        google.ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<GoogleOptions>, GoogleOptionsValidator>();
        builder.Services.AddOptions<CreditsOptions>().BindConfiguration(CreditsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<TokenService>();
        builder.Services.AddSingleton<AccessTokenDenylist>();
        builder.Services.AddSingleton<SessionRevocations>();
        builder.Services.AddOptions<ActiveSessionOptions>().BindConfiguration(ActiveSessionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ActiveSessions>();
        builder.Services.AddScoped<SessionService>();
        builder.Services.AddHttpClient<GoogleSignInClient>();
        builder.Services.AddMemoryCache();
        builder.Services.AddOptions<SignInRepeatOptions>().BindConfiguration(SignInRepeatOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<SignInRepeats>();

        builder.Services.AddAuthentication(Scheme).AddJwtBearer(Scheme);
        builder.Services.AddOptions<JwtBearerOptions>(Scheme).Configure<TokenService, TimeProvider>((options, tokens, time) =>
        {
            options.MapInboundClaims = false;
            options.TokenHandlers.Clear();
            options.TokenHandlers.Add(new RememberingTokenHandler(time) { MapInboundClaims = false });
            options.TokenValidationParameters = tokens.ValidationParameters;
            // Nothing reads the raw token back from the authentication properties.
            options.SaveToken = false;
            options.Events = new JwtBearerEvents { OnTokenValidated = CheckAccessTokenAsync };
        });

        return builder;
    }

    /// <summary>Answers repeats of a Google sign-in from the first one; before the rate limiter, so that repeats cost no permit.</summary>
    public static WebApplication UseSignInRepeats(this WebApplication app)
    {
        app.UseMiddleware<SignInRepeatMiddleware>();
        return app;
    }

    /// <summary>
    /// Past signature and lifetime: the token must be an access token, not denylisted by logout,
    /// and its user and session must still exist (a deleted user's valid token answers 401). A
    /// session this process already found active is believed without asking (<see cref="ActiveSessions"/>).
    /// </summary>
    private static async Task CheckAccessTokenAsync(TokenValidatedContext context)
    {
        var identity = context.Principal?.Identity as ClaimsIdentity;
        if (!TokenService.IsOfType(identity, AuthClaims.AccessTokenType) || identity!.FindFirst(JwtRegisteredClaimNames.Jti)?.Value is not { } tokenId)
        {
            context.Fail("Not an access token.");
            return;
        }

        var services = context.HttpContext.RequestServices;
        var userId = context.Principal!.GetUserId();
        var sessionId = context.Principal!.GetSessionId();
        var activeSessions = services.GetRequiredService<ActiveSessions>();
        if (activeSessions.IsActive(userId, sessionId))
        {
            return;
        }

        // Unknown (Redis slow or down) goes on: the session check below refuses logged-out tokens too.
        if (await services.GetRequiredService<AccessTokenDenylist>().IsDeniedAsync(tokenId, context.HttpContext.RequestAborted) == true)
        {
            context.Fail("The access token was revoked.");
            return;
        }

        var stamp = activeSessions.StampOf(sessionId);
        // A scope of its own returns the pooled DbContext at once: a WebSocket or SSE request
        // lives for hours and would otherwise hold one for its whole life.
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AIVideoDbContext>();
        var sessionActive = await db.Users
            .Where(u => u.Id == userId)
            .Select(u => (bool?)!db.RefreshTokens.Any(t => t.SessionId == sessionId && t.RevokedAt != null))
            .SingleOrDefaultAsync(context.HttpContext.RequestAborted);
        if (sessionActive == true)
        {
            activeSessions.Remember(userId, sessionId, stamp);
        }
        else
        {
            context.Fail("The user or the session no longer exists.");
        }
    }
}
