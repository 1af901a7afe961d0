using Aspire.Hosting.Azure;
using Azure.Provisioning.AppContainers;
using Azure.Provisioning.Storage;

// Every resource name below is a configuration key the services already read (README,
// Configuration): ConnectionStrings:{aivideodb,cache,blobs,queues}, services:videomodel:http:0.
// AIVideo.Tests/AppHost/AppHostNamesTests.cs fails when one of them drifts.
var builder = DistributedApplication.CreateBuilder(args);

builder.AddAzureContainerAppEnvironment("aca").WithAzdResourceNaming();

var jwtSigningKey = builder.AddParameter("jwt-signing-key", secret: true);

// Password and access-key authentication: Core talks to Postgres and Redis with plain connection
// strings (no Entra token providers), so the Azure resources must accept them.
var postgres = builder.AddAzurePostgresFlexibleServer("postgres")
    .WithPasswordAuthentication()
    .RunAsContainer(server => server.WithDataVolume().WithPgAdmin());
var database = postgres.AddDatabase("aivideodb");

var cache = builder.AddAzureRedis("cache")
    .WithAccessKeyAuthentication()
    .RunAsContainer();

var storage = builder.AddAzureStorage("storage").RunAsEmulator();
var blobs = storage.AddBlobs("blobs");
var queues = storage.AddQueues("queues");

// Blob Delegator lets the services sign user-delegation SAS URLs for video and poster playback.
StorageBuiltInRole[] storageRoles =
[
    StorageBuiltInRole.StorageBlobDataContributor,
    StorageBuiltInRole.StorageBlobDelegator,
    StorageBuiltInRole.StorageQueueDataContributor,
];

// `AIVideo.Api migrate`: migrations, seed data, blob containers and queues, then exit.
#pragma warning disable ASPIREAZURE002 // Container App Jobs are experimental; a one-shot run is what a job is for.
var migrations = builder.AddProject<Projects.AIVideo_Api>("migrations", launchProfileName: null)
    .WithArgs("migrate")
    .WithReference(database)
    .WithReference(blobs)
    .WithReference(queues)
    .WaitFor(database)
    .WaitFor(storage)
    .WithRoleAssignments(storage, storageRoles)
    .PublishAsAzureContainerAppJob((_, _) => { });
#pragma warning restore ASPIREAZURE002

var api = builder.AddProject<Projects.AIVideo_Api>("api")
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithReference(database)
    .WithReference(cache)
    .WithReference(blobs)
    .WithReference(queues)
    .WithRoleAssignments(storage, storageRoles)
    .WithEnvironment("Jwt__SigningKey", jwtSigningKey)
    .WaitForCompletion(migrations)
    .WaitFor(cache);

var worker = builder.AddProject<Projects.AIVideo_Worker>("worker")
    .WithHttpHealthCheck("/health")
    .WithReference(database)
    .WithReference(cache)
    .WithReference(blobs)
    .WithReference(queues)
    .WithRoleAssignments(storage, storageRoles)
    .WaitForCompletion(migrations)
    .WaitFor(cache);

worker.PublishAsAzureContainerApp((infra, app) =>
{
    // Scale to zero when "video-jobs" is empty, one replica per five waiting messages. KEDA
    // reads the queue length as the worker's own managed identity, the one the role
    // assignments above are given to (Aspire attaches it before this callback runs).
    var identity = worker.Resource.Annotations.OfType<AppIdentityAnnotation>().Last().IdentityResource;
    app.Template.Scale.MinReplicas = 0;
    app.Template.Scale.MaxReplicas = 10;
    app.Template.Scale.Rules.Add(new ContainerAppScaleRule
    {
        Name = "video-jobs",
        Custom = new ContainerAppCustomScaleRule
        {
            CustomScaleRuleType = "azure-queue",
            Metadata =
            {
                ["accountName"] = storage.Resource.NameOutputReference.AsProvisioningParameter(infra),
                ["queueName"] = "video-jobs",
                ["queueLength"] = "5",
            },
            Identity = identity.Id.AsProvisioningParameter(infra),
        },
    });
});

// Which provider kind serves which public model id (AIVideo.Core/Videos/VideoModelCatalog.cs).
(string Model, string Kind)[] providers =
[
    ("sora-2", "openai-videos"),
    ("sora-1", "azure-sora-jobs"),
    ("runway-gen3", "runway"),
];

if (builder.ExecutionContext.IsRunMode)
{
    // Locally the Emulator plays Google sign-in and the three video providers.
    var videomodel = builder.AddProject<Projects.AIVideo_Emulator>("videomodel")
        .WithHttpHealthCheck("/health");
    var emulator = videomodel.GetEndpoint("http");

    api.WithReference(videomodel)
        .WaitFor(videomodel)
        .WithEnvironment("Google__ClientId", "aivideo-local.apps.googleusercontent.com")
        .WithEnvironment("Google__ClientSecret", "aivideo-local-secret")
        .WithEnvironment("Google__TokenEndpoint", ReferenceExpression.Create($"{emulator}/google/token"))
        .WithEnvironment("Google__UserInfoEndpoint", ReferenceExpression.Create($"{emulator}/google/userinfo"));
    worker.WithReference(videomodel).WaitFor(videomodel);
}
else
{
    // In Container Apps the environment's ingress proxy is the only way in from outside, and its
    // addresses are not fixed: trust its X-Forwarded-For (the last entry, which it appends), or
    // every client would be rate limited as the proxy's one address.
    api.WithEnvironment("ForwardedHeaders__KnownNetworks__0", "0.0.0.0/0");

    api.WithEnvironment("Google__ClientId", builder.AddParameter("google-client-id", secret: true))
        .WithEnvironment("Google__ClientSecret", builder.AddParameter("google-client-secret", secret: true));

    foreach (var (model, kind) in providers)
    {
        var endpoint = builder.AddParameter($"{kind}-endpoint");
        api.WithEnvironment($"VideoModels__{model}__Endpoint", endpoint);
        worker.WithEnvironment($"VideoModels__{model}__Endpoint", endpoint)
            .WithEnvironment($"VideoProviders__{kind}__ApiKey", builder.AddParameter($"{kind}-api-key", secret: true));
    }
}

builder.Build().Run();
