using Dataans.Sync.Tests;
using Npgsql;

namespace Dataans.Reliability.Tests.Infrastructure;

/// <summary>What "the devices converged" means after a soak, asserted.</summary>
internal static class SoakChecks
{
    /// <summary>
    /// Every device exports the same state, holds the same operations each exactly once (the same set the
    /// server's PostgreSQL holds), and has every attachment still live with the bytes its author wrote.
    /// Returns the number of operations.
    /// </summary>
    public static async Task<int> AssertSameStateEverywhereAsync(IReadOnlyList<Device> devices, IReadOnlyList<Editor> editors, string postgres)
    {
        var expected = await devices[0].ExportAsync();
        HashSet<Guid>? reference = null;
        foreach (var (device, index) in devices.Select((device, index) => (device, index)))
        {
            Assert.True(expected == await device.ExportAsync(), $"Device {index}'s export differs from device 0's.");
            var ids = (await device.Store.SyncLedger.ReadLogAsync()).Select(logged => logged.Record.Id).ToList();
            var distinct = ids.ToHashSet();
            Assert.True(ids.Count == distinct.Count, $"Device {index} holds {ids.Count - distinct.Count} operations twice.");
            reference ??= distinct;
            Assert.True(reference.SetEquals(distinct), $"Device {index} holds {distinct.Except(reference).Count()} operations device 0 lacks and lacks {reference.Except(distinct).Count()}.");
        }

        var (rows, distinctRows) = await CountServerOperationsAsync(postgres);
        Assert.Equal(reference!.Count, rows);
        Assert.Equal(rows, distinctRows);
        await AssertAttachmentsAsync(devices, editors);
        return reference.Count;
    }

    /// <summary>Attachments deleted with their note are gone everywhere; every other one is on every device with its author's bytes.</summary>
    private static async Task AssertAttachmentsAsync(IReadOnlyList<Device> devices, IReadOnlyList<Editor> editors)
    {
        var attachments = editors.SelectMany(editor => editor.Attachments).ToList();
        HashSet<Guid>? survivors = null;
        foreach (var device in devices)
        {
            var live = (await device.Store.FileSyncLedger.ReadFilesAsync()).ToDictionary(file => file.Id);
            var here = attachments.Where(pair => live.ContainsKey(pair.Key)).Select(pair => pair.Key).ToHashSet();
            survivors ??= here;
            Assert.True(survivors.SetEquals(here), "The devices disagree on which attachments exist.");
            foreach (var (id, bytes) in attachments.Where(pair => here.Contains(pair.Key)))
            {
                Assert.Equal(bytes, await File.ReadAllBytesAsync(device.Store.Files.Resolve(live[id].Path)!));
            }
        }

        Assert.NotEmpty(survivors!); // the byte comparison above was not vacuous
    }

    private static async Task<(long Rows, long Distinct)> CountServerOperationsAsync(string postgres)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*), count(DISTINCT o.id) FROM operations o JOIN users u ON u.id = o.user_id WHERE u.name = 'soak'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
