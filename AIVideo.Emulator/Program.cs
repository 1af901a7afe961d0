using AIVideo.Emulator.Google;
using AIVideo.Emulator.Providers;

// Local stand-ins for the outside world (Google sign-in, the video providers). It owns no data
// of ours, so it needs the service defaults but none of the Core wiring.
var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddProviderEmulation();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGoogleApi();
app.MapProviderApis();

await app.RunAsync();
