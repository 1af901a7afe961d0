// The baselines of scripts/bench.sh: Kestrel doing the least the Api's endpoints could do.
//   GET /api/v1/showcase/videos   fixed JSON bytes (a response captured from the real Api)
//   GET /api/v1/videos            with --db and --user: the same page of videos the Api reads, with
//                                 the same SQL (VideoPage.cs), written as JSON; no auth, no signing
//   GET /api/v1/auth/me           with --db and --user: that user's profile row (UserRow.cs); no auth
// Usage: BareKestrel <response.json> [--db <connection string> --user <id>] [--urls http://127.0.0.1:8101]
using BareKestrel;
using Npgsql;

var json = await File.ReadAllBytesAsync(args[0]);

var builder = WebApplication.CreateSlimBuilder(args[1..]);
builder.Logging.ClearProviders();
var app = builder.Build();

app.MapGet("/api/v1/showcase/videos", () => Results.Bytes(json, "application/json; charset=utf-8"));

if (app.Configuration["db"] is { } connectionString && long.TryParse(app.Configuration["user"], out var userId))
{
    // Fewer connections than the Api's pool: both stay open side by side under PostgreSQL's default
    // max_connections of 100, and 30 already keep the 2 cores busy.
    var connection = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 30 };
    await using var source = NpgsqlDataSource.Create(connection);
    app.MapGet("/api/v1/videos", (HttpContext http) => VideoPage.WriteAsync(source, userId, http));
    app.MapGet("/api/v1/auth/me", (HttpContext http) => UserRow.WriteAsync(source, userId, http));
    await app.RunAsync();
}
else
{
    await app.RunAsync();
}
