using AIVideo.Api.Admin;
using AIVideo.Api.Admin.Content;
using AIVideo.Api.Auth;
using AIVideo.Api.Infrastructure;
using AIVideo.Api.Infrastructure.Hardening;
using AIVideo.Api.Migrate;
using AIVideo.Api.Payments;
using AIVideo.Api.RateLimiting;
using AIVideo.Api.Realtime;
using AIVideo.Api.Root;
using AIVideo.Api.Showcase;
using AIVideo.Api.Uploads;
using AIVideo.Api.Users;
using AIVideo.Api.Videos;
using AIVideo.Core.Hosting;
using Scalar.AspNetCore;

if (args is [MigrateCommand.Name, ..])
{
    return await MigrateCommand.RunAsync(args[1..]);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddAIVideoCore();
builder.AddApiConventions();
builder.AddRequestHardening();
builder.AddRateLimits();
builder.AddUserAuthentication();
builder.AddUsers();
builder.AddAdminAuthentication();
builder.AddUploads();
builder.AddVideos();
builder.AddShowcase();
builder.AddShowcaseContent();
builder.AddRealtime();
builder.AddPayments();
builder.Services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
{
    document.Info.Title = "AIVideo API";
    document.Info.Version = "1.0.0";
    document.Info.Description = "Backend of AIVideo.DIY: Google sign-in, credits, uploads and AI video generation.";
    return Task.CompletedTask;
}));

var app = builder.Build();

app.UseApiConventions();
app.UseAuthentication();
app.UseSignInRepeats();
app.UseRateLimiter();
app.UseAuthorization();
app.UseOutputCache();
app.UseWebSockets();

app.MapDefaultEndpoints();
app.MapOpenApi();
// Scalar's default fonts come from its CDN; without them the page uses local fonts and works offline.
app.MapScalarApiReference("/docs", options => options.WithTitle("AIVideo API").DisableDefaultFonts());

app.MapRootApi();
app.MapAuthApi();
app.MapUsersApi();
app.MapAdminApi();
app.MapUploadsApi();
app.MapVideosApi();
app.MapShowcaseApi();
app.MapRealtimeApi();
app.MapPaymentsApi();

await app.RunAsync();
return 0;

public partial class Program;
