using AIVideo.Api.Infrastructure.Cors;
using AIVideo.Api.Infrastructure.Errors;
using AIVideo.Core.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace AIVideo.Api.Infrastructure;

/// <summary>The contract's conventions that hold for every endpoint: JSON shape, errors, CORS.</summary>
public static class ApiConventions
{
    public const long MaxJsonRequestBytes = 1024 * 1024;

    public static WebApplicationBuilder AddApiConventions(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(options => AIVideoJson.Configure(options.SerializerOptions));

        // JSON requests are small; endpoints that take files raise this for themselves
        // (RequestSizeLimit metadata), so no other endpoint can be made to read megabytes.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxJsonRequestBytes);

        // Binding failures throw instead of ending in a bare 400, so ApiExceptionHandler can turn
        // them into the contract's 422 lists.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        // Required by the exception handler middleware; ApiExceptionHandler answers first, always.
        builder.Services.AddProblemDetails();

        var cors = builder.Services.AddOptions<ApiCorsOptions>().BindConfiguration(ApiCorsOptions.SectionName);
        if (builder.Environment.IsDevelopment())
        {
            cors.PostConfigure(options => options.AllowedOrigins = options.AllowedOrigins is [] ? [.. ApiCorsOptions.DevelopmentOrigins] : options.AllowedOrigins);
        }

        cors.ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ApiCorsOptions>, ApiCorsOptionsValidator>();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, ContractAuthorizationResultHandler>();
        builder.Services.AddCors();
        builder.Services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<IOptions<ApiCorsOptions>>((cors, origins) => cors.AddDefaultPolicy(policy => policy
                .WithOrigins([.. origins.Value.AllowedOrigins])
                .AllowAnyHeader()
                .AllowAnyMethod()
                .AllowCredentials()
                .WithExposedHeaders("Retry-After", "ETag")));

        return builder;
    }

    public static WebApplication UseApiConventions(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // ApiExceptionHandler logs what it handles, with the trace id; don't log it twice.
            SuppressDiagnosticsCallback = _ => true,
        });
        app.UseStatusCodePages(StatusCodeBodies.WriteAsync);
        app.UseCors();

        // The contract: every 401, whoever writes it, says how to authenticate.
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                if (context.Response.StatusCode == StatusCodes.Status401Unauthorized)
                {
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }
}
