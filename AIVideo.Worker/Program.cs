using AIVideo.Core.Hosting;

// A web host rather than a bare generic host: container platforms probe /health and /alive.
var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddAIVideoCore();

var app = builder.Build();

app.MapDefaultEndpoints();

await app.RunAsync();
