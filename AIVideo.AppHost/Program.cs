using AIVideo.AppHost.Infrastructure;

// The whole system on a developer's machine and in the tests: PostgreSQL, Redis and Azurite (containers
// where a runtime is healthy, else local programs), the one-shot `migrate`, the Api, the Worker, and the
// Emulator standing in for Google and the video providers. Each resource is named after the
// configuration key the services read: ConnectionStrings:{aivideodb,cache,blobs,queues},
// services:videomodel:http:0.
var builder = DistributedApplication.CreateBuilder(args);

if (builder.ExecutionContext.IsPublishMode)
{
    // Azure is deployed from azure.yaml and infra/, which CI builds and checks; this AppHost would
    // need the Aspire Azure hosting packages, which the project's package feed does not serve.
    Console.Error.WriteLine(
        "AIVideo.AppHost runs the system locally and in tests; it does not publish. Deploy to Azure with `azd up` (README, Deploy to Azure).");
    return 1;
}

var dataDirectory = builder.Configuration["AIVideo:DataDirectory"]
    ?? Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".local"));
var services = builder.AddBackingServices(dataDirectory);

var jwtSigningKey = builder.AddParameter(
    "jwt-signing-key", new GenerateParameterDefault { MinLength = 64, Special = false }, secret: true, persist: true);

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
    .WithEnvironment("Google__ClientId", "aivideo-local.apps.googleusercontent.com")
    .WithEnvironment("Google__ClientSecret", "aivideo-local-secret")
    .WithEnvironment("Google__TokenEndpoint", ReferenceExpression.Create($"{emulator}/google/token"))
    .WithEnvironment("Google__UserInfoEndpoint", ReferenceExpression.Create($"{emulator}/google/userinfo"))
    .WaitForCompletion(migrate)
    .WaitFor(videomodel);

builder.AddProject<Projects.AIVideo_Worker>("worker")
    .WithHttpHealthCheck("/health")
    .WithBackingServices(services)
    .WithReference(videomodel)
    .WaitForCompletion(migrate)
    .WaitFor(videomodel);

// Tests and parallel checkouts move the Api off its well-known port.
if (builder.Configuration["AIVideo:ApiPort"] is { } apiPort)
{
    api.WithEndpoint("http", endpoint => endpoint.Port = int.Parse(apiPort, System.Globalization.CultureInfo.InvariantCulture));
}

builder.Build().Run();
return 0;
