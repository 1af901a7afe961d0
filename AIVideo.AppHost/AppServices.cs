using AIVideo.AppHost.Infrastructure;

namespace AIVideo.AppHost;

internal static class AppServices
{
    /// <summary>
    /// The Emulator, the one-shot <c>migrate</c>, the Api and the Worker, each waiting for what it needs:
    /// the backing services answer before <c>migrate</c> starts, and <c>migrate</c> has finished before
    /// the Api and the Worker start.
    /// </summary>
    public static void AddServices(
        this IDistributedApplicationBuilder builder, BackingServices services, IResourceBuilder<ParameterResource> jwtSigningKey)
    {
        var videomodel = builder.AddProject<Projects.AIVideo_Emulator>("videomodel")
            .WithHttpHealthCheck("/health");
        var emulator = videomodel.GetEndpoint("http");

        // Migrations, seed data, blob containers and queues; idempotent, so every run starts with it.
        var migrate = builder.AddProject<Projects.AIVideo_Api>("migrate", launchProfileName: null)
            .WithArgs("migrate")
            .WithEnvironment("DOTNET_ENVIRONMENT", builder.Environment.EnvironmentName)
            .WithBackingServices(services);

        var api = builder.AddProject<Projects.AIVideo_Api>("api")
            .WithExternalHttpEndpoints()
            .WithHttpHealthCheck("/health")
            .WithBackingServices(services)
            .WithReference(videomodel)
            .WithEnvironment("Jwt__SigningKey", jwtSigningKey)
            .WithEnvironment("Google__ClientId", LocalGoogle.ClientId)
            .WithEnvironment("Google__ClientSecret", LocalGoogle.ClientSecret)
            .WithEnvironment("Google__TokenEndpoint", ReferenceExpression.Create($"{emulator}{LocalGoogle.TokenPath}"))
            .WithEnvironment("Google__UserInfoEndpoint", ReferenceExpression.Create($"{emulator}{LocalGoogle.UserInfoPath}"))
            .WithEnvironment("Stripe__SecretKey", LocalStripe.SecretKey)
            .WithEnvironment("Stripe__PublishableKey", LocalStripe.PublishableKey)
            .WithEnvironment("Stripe__WebhookSecret", LocalStripe.WebhookSecret)
            .WithEnvironment("Stripe__ApiBase", ReferenceExpression.Create($"{emulator}{LocalStripe.ApiPath}"))
            .WaitForCompletion(migrate)
            .WaitFor(videomodel);
        foreach (var (key, priceId) in LocalStripe.PriceIds)
        {
            api.WithEnvironment(key, priceId);
        }

        // The Emulator's checkout page pays by posting signed events to the Api, as Stripe would.
        var apiEndpoint = api.GetEndpoint("http");
        videomodel
            .WithEnvironment("Emulator__Stripe__WebhookUrl", ReferenceExpression.Create($"{apiEndpoint}{LocalStripe.WebhookPath}"))
            .WithEnvironment("Emulator__Stripe__WebhookSecret", LocalStripe.WebhookSecret);

        builder.AddProject<Projects.AIVideo_Worker>("worker")
            .WithHttpHealthCheck("/health")
            .WithBackingServices(services)
            .WithReference(videomodel)
            .WaitForCompletion(migrate)
            .WaitFor(videomodel);

        // run.sh moves the Api off its well-known port with AIVIDEO_API_PORT.
        if (builder.Configuration["AIVideo:ApiPort"] is { } apiPort)
        {
            api.WithEndpoint("http", endpoint => endpoint.Port = int.Parse(apiPort, System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
