namespace AIVideo.Api.Root;

public static class RootApi
{
    public static IEndpointRouteBuilder MapRootApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", GetRoot).WithName(nameof(GetRoot)).WithTags("Root");
        return app;
    }

    public static Ok<RootResponse> GetRoot() =>
        TypedResults.Ok(new RootResponse("AIVideo.DIY API", "1.0.0", "/docs", ApiRoutes.Prefix));
}

public sealed record RootResponse(string Message, string Version, string Docs, string Api);
