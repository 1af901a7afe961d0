using AIVideo.Emulator.Google;
using AIVideo.Emulator.Providers;
using AIVideo.Emulator.Stripe;

// Local stand-ins for the outside world (Google sign-in, the video providers, Stripe). It owns no data
// of ours, so it needs the service defaults but none of the Core wiring.
var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddProviderEmulation();
builder.AddStripeEmulation();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGoogleApi();
app.MapProviderApis();
app.MapStripeApi();

await app.RunAsync();
