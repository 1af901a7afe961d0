using AIVideo.Core.Hosting;
using AIVideo.Core.Media;

// A web host rather than a bare generic host: container platforms probe /health and /alive.
var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddAIVideoCore();
builder.AddAIVideoMedia();

var app = builder.Build();

app.MapDefaultEndpoints();

await app.RunAsync();
