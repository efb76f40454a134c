using Dataans.Server.Configuration;
using Dataans.Server.Events;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dataans.Server.Storage.Postgres;

/// <summary>
/// With PostgreSQL, pushes on any instance <c>NOTIFY dataans_head</c> inside their transaction; this
/// listener forwards those to the local <see cref="SyncEventHub"/>, so every instance's event streams
/// hear about every push. Reconnects after failures.
/// </summary>
internal sealed class PostgresChangeListener(
    IOptions<StorageOptions> options,
    IServiceProvider services,
    SyncEventHub hub,
    TimeProvider timeProvider,
    ILogger<PostgresChangeListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.UsesPostgres)
        {
            return;
        }

        var database = services.GetRequiredService<PostgresDatabase>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.DataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => Forward(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {PostgresDatabase.ChangeChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
            {
                Log.ListenerFailed(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(1), timeProvider, stoppingToken);
            }
        }
    }

    /// <summary>Payload: <c>head|epoch|user</c> (the user name last, as it may contain '|'), sent by <c>dataans_push</c>.</summary>
    private void Forward(string payload)
    {
        var parts = payload.Split('|', 3);
        if (parts.Length == 3 && long.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var head))
        {
            hub.Publish(parts[2], parts[1], head);
        }
    }
}
