using Npgsql;

namespace Dataans.Testing;

/// <summary>One real PostgreSQL 15 cluster per test run (initdb into a temp dir, pg_ctl on a free port); one database per test class.</summary>
public sealed class PostgresCluster
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private static readonly Lazy<Task<PostgresCluster>> Shared = new(StartAsync);
    private static int _databases;

    private PostgresCluster(string dir, int port)
    {
        Dir = dir;
        Port = port;
    }

    public string Dir { get; }

    public int Port { get; }

    public static Task<PostgresCluster> GetAsync() => Shared.Value;

    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix.ToLowerInvariant()}_{Interlocked.Increment(ref _databases)}_{Environment.ProcessId}";
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0", connection);
            await command.ExecuteNonQueryAsync();
        }

        return ConnectionString(name);
    }

    /// <summary>
    /// A role that must sign in with <paramref name="password"/> (the cluster trusts everyone else): a
    /// first-match pg_hba.conf line for it, then a reload.
    /// </summary>
    public async Task CreatePasswordRoleAsync(string role, string password)
    {
        var hba = Path.Combine(Dir, "data", "pg_hba.conf");
        var line = $"host all {role} 127.0.0.1/32 scram-sha-256";
        var lines = await File.ReadAllLinesAsync(hba);
        if (!lines.Contains(line))
        {
            await File.WriteAllLinesAsync(hba, [line, .. lines]);
        }

        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN CREATE ROLE {role} LOGIN PASSWORD '{password}'; END IF; END $$; SELECT pg_reload_conf();",
            connection);
        await command.ExecuteNonQueryAsync();
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=40;Timeout=30;Command Timeout=60";

    private static async Task<PostgresCluster> StartAsync()
    {
        if (!File.Exists(Path.Combine(Bin, "initdb")))
        {
            throw new InvalidOperationException("PostgreSQL 15 is missing; run scripts/ensure-test-deps.sh (apt-get install postgresql-15).");
        }

        await StopOrphansAsync();
        var dir = Path.Combine(Path.GetTempPath(), "dataans-pg-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "owner.pid"), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        File.SetUnixFileMode(dir, (UnixFileMode)0b111_111_111);
        await Processes.RunAsync(Path.Combine(Bin, "initdb"),
            ["-D", Path.Combine(dir, "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], asPostgres: true);
        var port = Processes.FreePort();
        await Processes.RunAsync(Path.Combine(Bin, "pg_ctl"),
        [
            "-D", Path.Combine(dir, "data"), "-l", Path.Combine(dir, "pg.log"), "-w", "-t", "30",
            "-o", $"-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400",
            "start",
        ], asPostgres: true);
        var cluster = new PostgresCluster(dir, port);
        return cluster;
    }

    /// <summary>Stops the shared instance if this run started one (called once when the test run ends).</summary>
    public static void StopIfStarted()
    {
        if (Shared.IsValueCreated && Shared.Value.IsCompletedSuccessfully)
        {
            Shared.Value.Result.Stop();
        }
    }

    /// <summary>Clusters left by a test process that was killed before it could stop them.</summary>
    private static async Task StopOrphansAsync()
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), "dataans-pg-*"))
        {
            var owner = Path.Combine(dir, "owner.pid");
            if (!File.Exists(owner) || !int.TryParse(await File.ReadAllTextAsync(owner), out var pid) || Directory.Exists($"/proc/{pid}"))
            {
                continue;
            }

            try
            {
                await Processes.RunAsync(Path.Combine(Bin, "pg_ctl"), ["-D", Path.Combine(dir, "data"), "-m", "immediate", "stop"], asPostgres: true);
            }
            catch (InvalidOperationException)
            {
                // Not running any more.
            }

            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
                // Another test process found the same orphan and removed it first.
            }
        }
    }

    private void Stop()
    {
        try
        {
            Processes.RunAsync(Path.Combine(Bin, "pg_ctl"), ["-D", Path.Combine(Dir, "data"), "-m", "immediate", "stop"], asPostgres: true)
                .GetAwaiter().GetResult();
            Directory.Delete(Dir, recursive: true);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine("Stopping the test PostgreSQL failed: " + e.Message);
        }
    }
}
