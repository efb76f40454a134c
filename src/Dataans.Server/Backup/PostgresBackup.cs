using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Dataans.Server.Backup;

/// <summary>
/// <c>pg_dump -Fc</c> and <c>pg_restore --clean --if-exists --single-transaction</c> (so a restore into
/// the existing database replaces its tables in one transaction). Connection settings, the password
/// included, go to the tools through PG* environment variables, never on a command line.
/// </summary>
internal static class PostgresBackup
{
    public const string FileName = "postgres.dump";

    public static Task BackupAsync(string connectionString, string folder, CancellationToken cancellationToken) =>
        RunAsync("pg_dump", connectionString, ["--format=custom", "--no-owner", "--no-privileges", "--file", Path.Combine(folder, FileName)], cancellationToken);

    public static Task RestoreAsync(string connectionString, string folder, CancellationToken cancellationToken) =>
        RunAsync("pg_restore", connectionString,
        [
            "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
            "--dbname", new NpgsqlConnectionStringBuilder(connectionString).Database ?? "postgres", Path.Combine(folder, FileName),
        ], cancellationToken);

    /// <summary>The newest installed copy of a PostgreSQL client tool: on PATH, else under /usr/lib/postgresql/N/bin.</summary>
    public static string? Find(string tool)
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool)).FirstOrDefault(File.Exists);
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(dir => (Version: int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0, Path: Path.Combine(dir, "bin", tool)))
                .Where(candidate => File.Exists(candidate.Path))
                .OrderByDescending(candidate => candidate.Version)
                .Select(candidate => candidate.Path)
                .FirstOrDefault()
            : null;
        return installed ?? onPath;
    }

    private static async Task RunAsync(string tool, string connectionString, string[] args, CancellationToken cancellationToken)
    {
        var path = Find(tool) ?? throw new BackupException(
            $"{tool} is not installed; install the PostgreSQL client tools (e.g. apt-get install postgresql-client) of the server's version or newer.");
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        var info = new ProcessStartInfo(path) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["PGHOST"] = connection.Host ?? "localhost";
        info.Environment["PGPORT"] = connection.Port.ToString(CultureInfo.InvariantCulture);
        info.Environment["PGUSER"] = connection.Username ?? Environment.UserName;
        info.Environment["PGDATABASE"] = connection.Database ?? connection.Username ?? "postgres";
        if (connection.Password is { Length: > 0 } password)
        {
            info.Environment["PGPASSWORD"] = password;
        }

        using var process = Process.Start(info) ?? throw new BackupException($"{path} did not start.");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            var reason = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no message";
            throw new BackupException($"{tool} failed (exit {process.ExitCode}): {reason}");
        }
    }
}

/// <summary>A backup or restore step failed; the message is one sentence for the operator.</summary>
internal sealed class BackupException(string message) : Exception(message);
