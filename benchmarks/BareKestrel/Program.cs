// The baseline for scripts/bench-showcase.sh: Kestrel answering GET /api/v1/showcase/videos
// with fixed JSON bytes (a response captured from the real Api) and doing nothing else.
// Usage: BareKestrel <response.json> [--urls http://127.0.0.1:8101]
var json = await File.ReadAllBytesAsync(args[0]);

var builder = WebApplication.CreateSlimBuilder(args[1..]);
builder.Logging.ClearProviders();
var app = builder.Build();

app.MapGet("/api/v1/showcase/videos", () => Results.Bytes(json, "application/json; charset=utf-8"));

await app.RunAsync();
