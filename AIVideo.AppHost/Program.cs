using AIVideo.AppHost;
using AIVideo.AppHost.Infrastructure;
using Microsoft.Extensions.Configuration;

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
        "AIVideo.AppHost runs the system locally and in tests; it does not publish. Deploy to Azure with `azd up` (docs/deployment.md).");
    return 1;
}

var dataDirectory = builder.Configuration["AIVideo:DataDirectory"]
    ?? Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".local"));
var services = builder.AddBackingServices(dataDirectory);

var jwtSigningKey = builder.AddParameter(
    "jwt-signing-key", new GenerateParameterDefault { MinLength = 64, Special = false }, secret: true, persist: true);

// For services run by hand (the benchmark scripts, a debugger attached outside the AppHost).
builder.WriteServicesEnvironmentWhenReady(services, jwtSigningKey, Path.Combine(dataDirectory, "services.env"));

// `./run.sh --services-only` runs PostgreSQL, Redis and Azurite alone.
if (!builder.Configuration.GetValue<bool>("AIVideo:ServicesOnly"))
{
    builder.AddServices(services, jwtSigningKey);
}

builder.Build().Run();
return 0;
