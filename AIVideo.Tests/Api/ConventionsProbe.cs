using System.ComponentModel.DataAnnotations;
using AIVideo.Api.Infrastructure;
using AIVideo.Api.Infrastructure.Cors;
using AIVideo.Api.Infrastructure.Validation;
using AIVideo.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.TestHost;

namespace AIVideo.Tests.Api;

/// <summary>
/// A minimal app wired with exactly the Api's conventions (<see cref="ApiConventions"/>) and a few
/// endpoints shaped like the contract's (a JSON body, paging query values, an id in the path, a
/// failing handler), so every error shape can be provoked before the features that use them exist.
/// </summary>
internal sealed class ConventionsProbe : IAsyncDisposable
{
    public const string SecretInException = "Password=hunter2;Host=db.internal";

    private readonly WebApplication _app;

    private ConventionsProbe(WebApplication app) => _app = app;

    public static async Task<ConventionsProbe> StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        // Not Development: the conventions' CORS origins have no default here.
        builder.Configuration[$"{ApiCorsOptions.SectionName}:{nameof(ApiCorsOptions.AllowedOrigins)}:0"] = ApiFactory.FrontendOrigins[0];
        builder.AddApiConventions();

        var app = builder.Build();
        app.UseApiConventions();

        var probe = app.MapGroup("/probe").WithRequestValidation();
        probe.MapPost("/things", (ThingRequest request) => TypedResults.Ok(request));
        probe.MapGet("/things", ([AsParameters] ThingQuery query) => TypedResults.Ok(query));
        probe.MapGet("/things/{thing_id}", ([FromRoute(Name = "thing_id")] long thingId) => TypedResults.Ok(thingId));
        probe.MapGet("/boom", string () => throw new InvalidOperationException(SecretInException));

        await app.StartAsync();
        return new ConventionsProbe(app);
    }

    public HttpClient CreateClient() => _app.GetTestClient();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    internal sealed record ThingRequest(string? Name, int? Count, IReadOnlyList<ThingTag>? Tags) : IValidatable
    {
        public void Validate(ValidationErrors errors, ValidationContext context)
        {
            errors.RequiredString(Location.Body("name"), Name, 10, 500);
            errors.Range(Location.Body("count"), Count, 1, 100);
        }
    }

    internal sealed record ThingTag(string Label);

    internal sealed record ThingQuery(
        [property: FromQuery(Name = "page")] int? Page,
        [property: FromQuery(Name = "page_size")] int? PageSize,
        [property: FromQuery(Name = "kind")] string? Kind) : IValidatable
    {
        public void Validate(ValidationErrors errors, ValidationContext context)
        {
            errors.Range(Location.Query("page"), Page, 1, long.MaxValue);
            errors.Range(Location.Query("page_size"), PageSize, 1, 100);
            errors.Enum(Location.Query("kind"), Kind, ["sora-2", "sora-1", "runway-gen3"]);
        }
    }
}
