using Dataans.Server.Configuration;
using Dataans.Server.Events;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dataans.Server.Storage.Postgres;

/// <summary>
/// With PostgreSQL, pushes on any instance <c>NOTIFY dataans_head</c> inside their transaction; this
/// listener forwards those of other instances to the local <see cref="SyncEventHub"/>, so every instance's
/// event streams hear about every push. Its own instance's pushes are skipped: the push endpoint has
/// published them already. Reconnects after failures.
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
        var instanceId = database.InstanceId;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.DataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => Forward(e.Payload, instanceId);
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

    /// <summary>
    /// Payload: <c>head|epoch|origin|user</c> (the user name last, as it may contain '|'), sent by
    /// <c>dataans_push</c> (migration 0006); origin is the pushing instance's <see cref="PostgresDatabase.InstanceId"/>.
    /// </summary>
    private void Forward(string payload, string instanceId)
    {
        var parts = payload.Split('|', 4);
        if (parts.Length == 4 && parts[2] != instanceId && long.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var head))
        {
            hub.Publish(parts[3], parts[1], head, ChangeOrigin.OtherInstance);
        }
    }
}
