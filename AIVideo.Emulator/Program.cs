using AIVideo.Emulator.Google;

// Local stand-ins for the outside world (Google sign-in, the video providers). It owns no data
// of ours, so it needs the service defaults but none of the Core wiring.
var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGoogleApi();

await app.RunAsync();
