using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace AIVideo.AppHost.Infrastructure;

/// <summary>
/// For services run outside the AppHost (the benchmark scripts, a debugger started by hand): once the
/// backing services answer, their connection strings and the local settings are written as
/// <c>NAME='value'</c> lines, ready for <c>set -a; . file; set +a</c>.
/// </summary>
internal static class ServicesEnvironmentFile
{
    public static void WriteServicesEnvironmentWhenReady(
        this IDistributedApplicationBuilder builder, BackingServices services, IResourceBuilder<ParameterResource> jwtSigningKey, string path)
    {
        File.Delete(path);
        builder.Eventing.Subscribe<AfterResourcesCreatedEvent>((@event, cancellationToken) =>
        {
            var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
            _ = WriteWhenReadyAsync(notifications, services, jwtSigningKey, path, cancellationToken);
            return Task.CompletedTask;
        });
    }

    private static async Task WriteWhenReadyAsync(
        ResourceNotificationService notifications,
        BackingServices services,
        IResourceBuilder<ParameterResource> jwtSigningKey,
        string path,
        CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var connection in services.All)
        {
            await notifications.WaitForDependenciesAsync(connection.Resource, cancellationToken);
            settings[$"ConnectionStrings__{connection.Resource.Name}"] =
                await connection.Resource.ConnectionStringExpression.GetValueAsync(cancellationToken) ?? "";
        }

        settings["Jwt__SigningKey"] = await jwtSigningKey.Resource.GetValueAsync(cancellationToken) ?? "";
        // The Emulator's well-known port (its launch profile): the AppHost's videomodel, or one started by hand.
        const string emulator = "http://127.0.0.1:8010";
        settings["services__videomodel__http__0"] = emulator;
        settings["Google__ClientId"] = LocalGoogle.ClientId;
        settings["Google__ClientSecret"] = LocalGoogle.ClientSecret;
        settings["Google__TokenEndpoint"] = emulator + LocalGoogle.TokenPath;
        settings["Google__UserInfoEndpoint"] = emulator + LocalGoogle.UserInfoPath;
        settings["ASPNETCORE_ENVIRONMENT"] = "Development";
        settings["DOTNET_ENVIRONMENT"] = "Development";

        var text = new StringBuilder();
        foreach (var (name, value) in settings)
        {
            text.Append(name).Append("='").Append(value.Replace("'", "'\\''", StringComparison.Ordinal)).Append("'\n");
        }

        // The file holds the database password: readable by its owner only.
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, text.ToString(), cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
