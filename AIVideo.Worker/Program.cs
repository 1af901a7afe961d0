using AIVideo.Core.Hosting;
using AIVideo.Worker.Jobs;
using AIVideo.Worker.Media;
using AIVideo.Worker.Providers;

// A web host rather than a bare generic host: container platforms probe /health and /alive.
var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddAIVideoCore();
builder.AddExternalImageFetcher();
builder.AddVideoProviders();
builder.AddVideoJobs();

var app = builder.Build();

app.MapDefaultEndpoints();

await app.RunAsync();
