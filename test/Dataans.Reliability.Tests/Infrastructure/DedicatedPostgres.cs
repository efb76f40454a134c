using System.Globalization;
using Npgsql;

namespace Dataans.Reliability.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL 15 cluster of its own (not the shared <see cref="PostgresCluster"/>, which other tests use),
/// so that a test can crash it (<c>pg_ctl -m immediate stop</c>: no checkpoint, crash recovery at the next
/// start) and start it again on the same port and data. Deleted at dispose.
/// </summary>
internal sealed class DedicatedPostgres : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";

    private DedicatedPostgres(string dir, int port)
    {
        Dir = dir;
        Port = port;
    }

    public string Dir { get; }

    public int Port { get; }

    public bool IsRunning { get; private set; }

    public int Crashes { get; private set; }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=false;Timeout=10";

    public static async Task<DedicatedPostgres> StartAsync()
    {
        if (!File.Exists(Path.Combine(Bin, "initdb")))
        {
            throw new InvalidOperationException("PostgreSQL 15 is missing; run scripts/ensure-test-deps.sh (apt-get install postgresql-15).");
        }

        var dir = Path.Combine(Path.GetTempPath(), "dataans-pg-faults-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir);
        File.SetUnixFileMode(dir, (UnixFileMode)0b111_111_111);
        await Processes.RunAsync(Path.Combine(Bin, "initdb"),
            ["-D", Path.Combine(dir, "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], asPostgres: true);
        var cluster = new DedicatedPostgres(dir, Processes.FreePort());
        await cluster.StartAgainAsync();
        return cluster;
    }

    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0", connection);
            await command.ExecuteNonQueryAsync();
        }

        return ConnectionString(name);
    }

    /// <summary>Stops the cluster as a crash would: every backend is killed, nothing is flushed.</summary>
    public void Crash()
    {
        StopImmediately();
        Crashes++;
    }

    public async Task StartAgainAsync()
    {
        await Processes.RunAsync(Path.Combine(Bin, "pg_ctl"),
        [
            "-D", Path.Combine(Dir, "data"), "-l", Path.Combine(Dir, "pg.log"), "-w", "-t", "30",
            "-o", string.Create(CultureInfo.InvariantCulture, $"-p {Port} -k {Dir} -c listen_addresses=127.0.0.1 -c fsync=off"),
            "start",
        ], asPostgres: true);
        IsRunning = true;
    }

    public ValueTask DisposeAsync()
    {
        if (IsRunning)
        {
            StopImmediately();
        }

        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }

        return ValueTask.CompletedTask;
    }

    private void StopImmediately()
    {
        Processes.RunAsync(Path.Combine(Bin, "pg_ctl"), ["-D", Path.Combine(Dir, "data"), "-m", "immediate", "stop"], asPostgres: true)
            .GetAwaiter().GetResult();
        IsRunning = false;
    }
}
