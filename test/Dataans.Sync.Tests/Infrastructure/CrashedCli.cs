using System.Diagnostics;
using Dataans.Core.Storage;

namespace Dataans.Sync.Tests;

/// <summary>Runs the real `dataans` CLI (optionally killed at a crash point) and inspects what it left behind.</summary>
internal static class CrashedCli
{
    /// <summary>Runs the CLI on <paramref name="dataDir"/>; with a crash point, asserts that the process died there.</summary>
    public static async Task<string> RunAsync(string dataDir, string? crashPoint, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet", [CliPath(), .. args, "--data-dir", dataDir])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        info.Environment["DATAANS_CRASH_AT"] = crashPoint ?? string.Empty;
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        var error = await stderr;
        if (crashPoint is null)
        {
            Assert.True(process.ExitCode == 0, $"dataans {string.Join(' ', args)} failed (exit {process.ExitCode}): {error}");
        }
        else
        {
            Assert.True(
                process.ExitCode != 0 && error.Contains($"crash point {crashPoint.Split(':')[0]} reached", StringComparison.Ordinal),
                $"the crash point {crashPoint} was not reached (exit {process.ExitCode}): {error}");
        }

        return await stdout;
    }

    public static async Task<string> IntegrityAsync(DataansStore store)
    {
        await using var connection = await store.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public static async Task<long> ScalarAsync(DataansStore store, string sql)
    {
        await using var connection = await store.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// The files folder holds exactly the files that rows name: no orphan, no leftover in staging or
    /// in a commit journal, and every named file present (unless <paramref name="allDownloaded"/> is
    /// false: a pulled file may still wait for its download, and a download the kill interrupted may have
    /// left its partial or decrypted file under <c>.sync</c> to resume) with the expected bytes (when known).
    /// </summary>
    public static async Task AssertFilesFolderCleanAsync(DataansStore store, IReadOnlyDictionary<string, byte[]> bytesByName, bool allDownloaded = true)
    {
        var named = new Dictionary<string, string>(StringComparer.Ordinal);
        var idsByPath = new Dictionary<string, Guid>(StringComparer.Ordinal);
        await using (var connection = await store.Database.OpenConnectionAsync())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT path, name, id FROM files WHERE content_ts IS NOT NULL AND is_deleted = 0 AND path IS NOT NULL";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                named[reader.GetString(0)] = reader.GetString(1);
                idsByPath[reader.GetString(0)] = new Guid((byte[])reader[2], bigEndian: true);
            }
        }

        var root = store.Files.Root;
        var awaitingDownload = idsByPath.Where(row => store.Files.Resolve(row.Key) is { } full && !File.Exists(full))
            .SelectMany(row => new[] { ".download", ".plain" }.Select(suffix => Path.Combine(".sync", row.Value.ToString("N") + suffix)))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file);
            Assert.True(
                named.ContainsKey(relative) || (!allDownloaded && awaitingDownload.Contains(relative)),
                $"'{relative}' is in the files folder but no file row names it");
        }

        foreach (var (path, name) in named)
        {
            var full = store.Files.Resolve(path);
            if (!allDownloaded && full is not null && !File.Exists(full))
            {
                continue;
            }

            Assert.True(full is not null && File.Exists(full), $"the file row '{name}' names '{path}', which is missing");
            if (bytesByName.TryGetValue(name, out var expected))
            {
                Assert.Equal(expected, await File.ReadAllBytesAsync(full));
            }
        }
    }

    public static void CopyDirectory(string source, string target)
    {
        foreach (var directory in Directory.GetDirectories(source, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(directory.Replace(source, target, StringComparison.Ordinal));
        }

        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(source, target, StringComparison.Ordinal), overwrite: true);
        }
    }

    public static string TempDirectory(string prefix) => Directory.CreateTempSubdirectory(prefix).FullName;

    private static string CliPath()
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var path = Path.Combine(Processes.RepoRoot(), "src", "Dataans.App", "bin", configuration, "net10.0", "dataans.dll");
        Assert.True(File.Exists(path), $"Build the app first: {path} is missing.");
        return path;
    }
}
