using System.Globalization;
using System.Security.Cryptography;
using AIVideo.Core.Hosting;
using AIVideo.LocalInfrastructure;

namespace AIVideo.Chaos;

/// <summary>
/// The Emulator, the one-shot <c>migrate</c>, the Api and the Workers, each its build output run as a
/// process of its own and configured the way the AppHost configures it (environment variables), with
/// the run's pacing: short poll intervals, a short visibility timeout and deadline, rate limits out of reach.
/// </summary>
internal sealed class ChaosServices(ChaosSettings settings, HttpClient http, string logs, string database, string cache, string storage)
{
    private const string GoogleClientId = "aivideo-chaos.apps.googleusercontent.com";
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(120);

    private readonly string _jwtSigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
    private ChildProcess? _emulator;
    private ChildProcess? _api;

    public Uri Emulator { get; } = Loopback(FreePort.Next());

    public Uri Api { get; } = Loopback(FreePort.Next());

    public async Task StartEmulatorAsync(CancellationToken cancellationToken)
    {
        _emulator = Start("AIVideo.Emulator", "emulator", [], new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = Origin(Emulator),
            ["Emulator__SlowJobDuration"] = Format(settings.SlowJobDuration),
            // The bundled 1 s clip instead of an ffmpeg render per job: fifty renders would take the two
            // cores this runs on, and the run is about delivery and money, not pictures.
            ["Emulator__FfmpegPath"] = "/nonexistent/ffmpeg",
        });
        await WaitHealthyAsync(_emulator, Emulator, cancellationToken);
    }

    /// <summary><c>AIVideo.Api migrate</c>: migrations, seed data, blob containers and queues.</summary>
    public async Task MigrateAsync()
    {
        var migrate = Start("AIVideo.Api", "migrate", ["migrate"], []);
        if (!await migrate.WaitForExitAsync(s_startTimeout) || migrate.ExitCode != 0)
        {
            throw new InvalidOperationException($"migrate failed; see {Path.Combine(logs, "migrate.log")}.");
        }
    }

    public async Task StartApiAsync(CancellationToken cancellationToken)
    {
        var emulator = Origin(Emulator);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = Origin(Api),
            ["Jwt__SigningKey"] = _jwtSigningKey,
            ["Google__ClientId"] = GoogleClientId,
            ["Google__ClientSecret"] = "aivideo-chaos-secret",
            ["Google__TokenEndpoint"] = emulator + "/google/token",
            ["Google__UserInfoEndpoint"] = emulator + "/google/userinfo",
            // Every user generates about ten videos in a minute; the run tests delivery, not the limits.
            ["Credits__SignupGrant"] = "1000.0",
            // The dispatcher picks up redelivered outbox rows within seconds.
            ["Outbox__PollInterval"] = "00:00:02",
            ["Outbox__ClaimLease"] = "00:00:15",
        };
        foreach (var policy in (string[])["Auth", "Generate", "Upload", "Default"])
        {
            environment[$"RateLimits__{policy}__PermitLimit"] = "1000000";
        }

        _api = Start("AIVideo.Api", "api", [], environment);
        await WaitHealthyAsync(_api, Api, cancellationToken);
    }

    /// <summary>A Worker, logging to <c>{name}.log</c> (appended across restarts); not waited for, as a restart after a kill is not.</summary>
    public ChildProcess StartWorker(string name) => Start("AIVideo.Worker", name, [], new Dictionary<string, string>
    {
        ["ASPNETCORE_URLS"] = Origin(Loopback(FreePort.Next())),
        ["VideoJobs__Deadline"] = Format(settings.Deadline),
        ["VideoJobs__VisibilityTimeout"] = Format(settings.VisibilityTimeout),
        ["VideoJobs__IdleDelay"] = "00:00:01",
        ["VideoJobs__PollInterval"] = "00:00:02",
        ["VideoJobs__MaxPollInterval"] = "00:00:10",
        ["VideoJobs__PollIntervals__openai-videos"] = "00:00:03",
        ["VideoJobs__PollIntervals__azure-sora-jobs"] = "00:00:03",
        ["VideoJobs__PollIntervals__runway"] = "00:00:03",
    });

    public async Task WaitHealthyAsync(ChildProcess process, Uri baseAddress, CancellationToken cancellationToken) =>
        await Waits.UntilAsync($"{process.Name} answers /health", s_startTimeout, () => Waits.AnswersAsync(http, new Uri(baseAddress, "/health").ToString()), cancellationToken, process);

    public async Task StopAsync()
    {
        if (_api is not null)
        {
            await _api.StopAsync();
        }

        if (_emulator is not null)
        {
            await _emulator.StopAsync();
        }
    }

    private ChildProcess Start(string project, string name, string[] arguments, Dictionary<string, string> environment)
    {
        var output = Path.Combine(settings.RepositoryRoot, project, "bin", settings.Configuration, "net10.0");
        var assembly = Path.Combine(output, project + ".dll");
        if (!File.Exists(assembly))
        {
            throw new InvalidOperationException($"{assembly} is missing: build it first (scripts/chaos.sh does).");
        }

        environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        environment["DOTNET_ENVIRONMENT"] = "Development";
        environment[$"ConnectionStrings__{ConnectionNames.Database}"] = database;
        environment[$"ConnectionStrings__{ConnectionNames.Cache}"] = cache;
        environment[$"ConnectionStrings__{ConnectionNames.Blobs}"] = storage;
        environment[$"ConnectionStrings__{ConnectionNames.Queues}"] = storage;
        environment["services__videomodel__http__0"] = Emulator.ToString();
        // One line per entry with a timestamp, so the logs of a run line up with its fault schedule.
        environment["Logging__Console__FormatterName"] = "simple";
        environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";
        environment["Logging__Console__FormatterOptions__UseUtcTimestamp"] = "true";
        // The services' own lines, not every SQL command, HTTP exchange and Redis handshake step.
        foreach (var chatty in (string[])["Microsoft.EntityFrameworkCore", "System.Net.Http.HttpClient", "Polly", "StackExchange.Redis"])
        {
            environment[$"Logging__LogLevel__{chatty}"] = "Warning";
        }

        // The output folder is the content root, where appsettings.Development.json is read.
        return ChildProcess.Start(name, new LocalCommand("dotnet", [assembly, .. arguments]), output, Path.Combine(logs, name + ".log"), environment);
    }

    private static Uri Loopback(int port) => new($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");

    private static string Origin(Uri address) => address.GetLeftPart(UriPartial.Authority);

    private static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
