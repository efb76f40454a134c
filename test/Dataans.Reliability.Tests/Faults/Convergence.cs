using System.Security.Cryptography;
using Dataans.Core.Sync;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Dataans.Reliability.Tests.Faults;

/// <summary>What "survived a fault" means, as assertions: clear failures while it lasted, one state everywhere after.</summary>
internal static partial class Convergence
{
    /// <summary>A failure a user can read: one sentence, no exception type, no stack trace.</summary>
    public static void AssertClearFailure(SyncResult result)
    {
        Assert.False(result.Success, "the run was expected to fail during the fault");
        var message = result.Message;
        Assert.False(string.IsNullOrWhiteSpace(message), "a failed run must say why");
        Assert.DoesNotContain("Exception", message, StringComparison.Ordinal);
        Assert.DoesNotMatch(StackFrame(), message);
        Assert.DoesNotContain("--- End of", message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
        Assert.True(message.Length <= 300, $"message too long: {message}");
        Assert.True(message.TrimEnd().EndsWith('.'), $"not a sentence: {message}");
    }

    /// <summary>Every failure a fleet saw was clear; returns how many there were.</summary>
    public static int AssertAllFailuresClear(FaultFleet fleet)
    {
        var failures = fleet.Devices.SelectMany(device => device.Failures).ToList();
        failures.ForEach(AssertClearFailure);
        return failures.Count;
    }

    /// <summary>
    /// Byte-identical exports, the same operation ids everywhere (each device's own included, none twice),
    /// nothing left to push, every attachment with its original SHA-256 on every device, integrity_check ok;
    /// and on the server each operation once.
    /// </summary>
    public static async Task AssertConvergedAsync(FaultFleet fleet, IReadOnlyDictionary<FleetDevice, HashSet<Guid>> written, Func<Task<(long Rows, long Distinct)>> serverCounts)
    {
        var first = fleet.Devices[0];
        var export = await first.Device.ExportAsync();
        var ids = (await first.Store.SyncLedger.ReadOrderedDigestsAsync()).Select(item => item.Id).ToList();
        foreach (var device in fleet.Devices)
        {
            Assert.Equal(export, await device.Device.ExportAsync());
            var deviceIds = (await device.Store.SyncLedger.ReadOrderedDigestsAsync()).Select(item => item.Id).ToList();
            Assert.Equal(deviceIds.Count, deviceIds.Distinct().Count());
            Assert.Equal(ids.ToHashSet(), deviceIds.ToHashSet());
            Assert.Equal(0, (await device.Store.SyncLedger.CountOperationsAsync()).Pending);
            Assert.Equal("ok", await IntegrityCheckAsync(device.Device.Store.Directory.DatabasePath));
            await AssertFilesIntactAsync(fleet, device);
        }

        foreach (var (device, own) in written)
        {
            Assert.Empty(own.Except(ids)); // nothing a device wrote was lost
        }

        var (rows, distinct) = await serverCounts();
        Assert.Equal(distinct, rows);
        Assert.Equal(ids.Count, rows);
    }

    /// <summary>The operation ids a device holds now (take it before a fault to know what it wrote).</summary>
    public static async Task<HashSet<Guid>> IdsAsync(FleetDevice device) =>
        [.. (await device.Store.SyncLedger.ReadOrderedDigestsAsync()).Select(item => item.Id)];

    public static async Task<string> IntegrityCheckAsync(string databasePath)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Rows and distinct ids in a SQLite server's operations table (and its integrity check).</summary>
    public static async Task<(long Rows, long Distinct)> SqliteServerCountsAsync(string serverDataDir)
    {
        var database = Directory.GetFiles(serverDataDir, "*.sqlite", SearchOption.AllDirectories).Single();
        Assert.Equal("ok", await IntegrityCheckAsync(database));
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*), count(DISTINCT id) FROM operations";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    public static async Task<(long Rows, long Distinct)> PostgresServerCountsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*), count(DISTINCT id) FROM operations", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>A stack frame such as "at Dataans.Core.Sync.SyncEngine.RunAsync(".</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"\bat [A-Za-z_][\w.`<>]*\(")]
    private static partial System.Text.RegularExpressions.Regex StackFrame();

    private static async Task AssertFilesIntactAsync(FaultFleet fleet, FleetDevice device)
    {
        var files = (await device.Store.FileSyncLedger.ReadFilesAsync()).ToDictionary(file => file.Id);
        foreach (var (fileId, hash) in fleet.Attachments)
        {
            var path = device.Store.Files.Resolve(files[fileId].Path);
            Assert.True(path is not null && File.Exists(path), $"attachment {fileId} is missing on a device");
            Assert.Equal(Convert.ToHexString(hash), Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(path))));
            Assert.True(files[fileId].IsUploaded);
        }
    }
}
