using Dataans.Core.Profile;
using Dataans.Core.Sync;
using Dataans.Sync.Tests;

namespace Dataans.Reliability.Tests.Infrastructure;

/// <summary>
/// Whether a set of devices has caught up with a sync server: every device is idle, its last sync
/// succeeded, nothing waits in its outbox, its cursor is the server's head and every live file is both
/// on the server and on the device.
/// </summary>
internal static class Convergence
{
    /// <summary>
    /// The reason the first device found lagging is not caught up, or null when all are; <paramref name="detailed"/>
    /// adds how every device sees the first file it lacks.
    /// </summary>
    public static async Task<string?> LaggingAsync(IReadOnlyList<Device> devices, long head, bool detailed = false)
    {
        for (var i = 0; i < devices.Count; i++)
        {
            var device = devices[i];
            if (device.Engine.IsRunning)
            {
                return $"device {i} is syncing";
            }

            var last = await device.Engine.GetLastResultAsync();
            var (_, pending) = await device.Store.SyncLedger.CountOperationsAsync();
            var (cursor, _) = await device.Store.SyncLedger.ReadPositionAsync();
            var files = await device.Store.FileSyncLedger.ReadFilesAsync();
            var missing = files.Where(file => !file.IsUploaded || device.Store.Files.Resolve(file.Path) is not { } path || !File.Exists(path)).ToList();
            if (last is not { Success: true } || pending > 0 || cursor != head || missing.Count > 0)
            {
                // Each file's side, and the last sync's summary (files awaited or failed), so that a run that does not settle says why.
                var which = string.Concat(missing.Take(5).Select(file =>
                    $"; file {file.Id}: {(file.IsUploaded ? "uploaded" : "not uploaded")}, {(device.Store.Files.Resolve(file.Path) is { } at && File.Exists(at) ? "here" : "not here")}"));
                return $"device {i}: last sync {(last is null ? "none" : last.Success ? "ok" : "failed: " + last.Message)}" +
                    $"{(last is null ? "" : $" ({last.FinishedAt:HH:mm:ss.f}: {last.Summary()})")}, " +
                    $"{pending} ops to push, cursor {cursor} of {head}, {missing.Count} files not on both sides{which}" +
                    (detailed && missing.Count > 0 ? await DescribeEverywhereAsync(devices, missing[0].Id) : string.Empty);
            }
        }

        return null;
    }

    /// <summary>
    /// How each device sees one file, so that a run that does not settle shows whose upload is missing: its row
    /// (content known / deleted / uploaded), whether an upload was started, how many live notes show it, and
    /// whether its bytes are on that device.
    /// </summary>
    private static async Task<string> DescribeEverywhereAsync(IReadOnlyList<Device> devices, Guid fileId)
    {
        var views = new List<string>();
        for (var i = 0; i < devices.Count; i++)
        {
            var store = devices[i].Store;
            await using var connection = await store.Database.OpenConnectionAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT (f.content_ts IS NOT NULL) || '/' || f.is_deleted || '/' || f.is_uploaded || '/'
                    || (SELECT count(*) FROM file_uploads WHERE file_id = f.id) || '/'
                    || (SELECT count(*) FROM note_files nf JOIN notes n ON n.id = nf.note_id WHERE nf.file_id = f.id AND n.is_deleted = 0),
                    f.path
                FROM files f WHERE f.id = @id
                """;
            command.Parameters.AddWithValue("@id", fileId.ToByteArray(bigEndian: true));
            await using var reader = await command.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                views.Add($"d{i} no row");
                continue;
            }

            var here = !reader.IsDBNull(1) && store.Files.Resolve(reader.GetString(1)) is { } path && File.Exists(path);
            views.Add($"d{i} {reader.GetString(0)}/{(here ? "here" : "not here")}");
        }

        return $"; file {fileId} on each device (content/deleted/uploaded/upload started/live notes/bytes): {string.Join(", ", views)}";
    }

    /// <summary>
    /// Waits until <see cref="LaggingAsync"/> says all devices caught up with the server's head; fails with the last reason at
    /// the deadline, and what <paramref name="explain"/> adds to that reason.
    /// </summary>
    public static async Task<TimeSpan> WaitAsync(IReadOnlyList<Device> devices, UserProfile profile, TimeSpan timeout, Func<string, string>? explain = null)
    {
        using var client = new SyncHttpClient(profile.ServerUrl, profile.AuthMode, profile.AuthToken);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string? lagging;
        do
        {
            var head = (await client.PullAsync(0, 1)).Head;
            lagging = await LaggingAsync(devices, head);
            if (lagging is null)
            {
                return clock.Elapsed;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
        while (clock.Elapsed < timeout);

        lagging = await LaggingAsync(devices, (await client.PullAsync(0, 1)).Head, detailed: true) ?? lagging;
        Assert.Fail($"The devices did not converge within {timeout}: {lagging}" + (explain is null ? string.Empty : "\n" + explain(lagging)));
        return clock.Elapsed;
    }
}
