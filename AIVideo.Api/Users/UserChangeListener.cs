using System.Globalization;
using AIVideo.Core.Data;
using AIVideo.Core.Hosting;
using Npgsql;
using OpenTelemetry;

namespace AIVideo.Api.Users;

/// <summary>
/// Holds one PostgreSQL connection listening on <see cref="UserChanges.Channel"/> and
/// forgets a user's copies in <see cref="UserReads"/> for every change reported. While it is not
/// listening the copies are not believed (<see cref="UserReads.Changes"/>), and it reconnects.
/// </summary>
public sealed partial class UserChangeListener(
    IConfiguration configuration, UserReads reads, TimeProvider time, ILogger<UserChangeListener> logger) : BackgroundService
{
    private static readonly TimeSpan s_reconnectDelay = TimeSpan.FromSeconds(1);

    // One warning per loss, not one per reconnect attempt while PostgreSQL is down.
    private bool _lossReported;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Connecting and listening are the process's own plumbing, not anyone's request: no traces.
        using var untraced = SuppressInstrumentationScope.Begin();
        var connectionString = new NpgsqlConnectionStringBuilder(configuration.GetRequiredConnectionString(ConnectionNames.Database))
        {
            // A connection of its own for as long as the process lives; Npgsql's keepalive
            // query finds a connection that died silently within a few seconds.
            Pooling = false,
            KeepAlive = 5,
            ApplicationName = "aivideo-api-user-changes",
        }.ConnectionString;

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(connectionString, stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                if (!_lossReported)
                {
                    LogListenerLost(logger, exception);
                    _lossReported = true;
                }
            }
            finally
            {
                reads.Changes.Down();
            }

            try
            {
                await Task.Delay(s_reconnectDelay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private async Task ListenAsync(string connectionString, CancellationToken stoppingToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(stoppingToken);
        connection.Notification += (_, notification) =>
        {
            if (long.TryParse(notification.Payload, NumberStyles.None, CultureInfo.InvariantCulture, out var userId))
            {
                reads.Forget(userId);
            }
        };

        await using (var listen = new NpgsqlCommand($"LISTEN {UserChanges.Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        // From here every commit's report reaches this connection: what is read from now on can be kept.
        reads.Changes.Up();
        _lossReported = false;
        LogListening(logger);
        while (true)
        {
            await connection.WaitAsync(stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening to PostgreSQL for changes to users and their videos.")]
    private static partial void LogListening(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the PostgreSQL connection that reports changes to users; reads go to the database until it is back.")]
    private static partial void LogListenerLost(ILogger logger, Exception exception);
}
