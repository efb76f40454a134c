using System.Diagnostics;
using Dataans.Contracts.Operations;
using Dataans.Contracts.Sync;
using Dataans.Core.Crypto;
using Dataans.Core.Operations;
using Dataans.Core.Profile;
using Dataans.Core.Storage;
using Dataans.Core.Sync;

namespace Dataans.Sync.Benchmarks;

/// <summary>
/// Where a v2 bootstrap spends its time: the same pages pulled, decrypted and applied one stage at a
/// time (the engine overlaps none of them either, so the sum is close to the bootstrap time).
/// </summary>
internal static class BootstrapBreakdown
{
    public static async Task<(TimeSpan Pull, TimeSpan Decode, TimeSpan Apply, int Count)> RunAsync(Uri server, string token, EncryptionKey key)
    {
        using var client = new SyncHttpClient(server, AuthMode.Token, token);
        var watch = Stopwatch.StartNew();
        var ops = new List<SyncOperation>();
        for (long cursor = 0; ;)
        {
            var page = await client.PullAsync(cursor, SyncEngine.PullPageSize);
            ops.AddRange(page.Ops);
            cursor = page.Ops.Count > 0 ? page.Ops[^1].Seq : cursor;
            if (!page.HasMore)
            {
                break;
            }
        }

        var pull = watch.Elapsed;
        watch.Restart();
        var checksums = new OperationChecksum(key);
        var records = ops.ConvertAll(op => OperationCodec.TryDecode(key, checksums, ReceivedOperation.From(op), out var reason, out _)
            ?? throw new InvalidOperationException("An operation did not decode: " + reason));
        var decode = watch.Elapsed;

        var root = Directory.CreateTempSubdirectory("dataans-syncbench-breakdown-").FullName;
        try
        {
            using var store = await DataansStore.OpenAsync(new DataDirectory(root));
            watch.Restart();
            foreach (var page in records.Chunk(SyncEngine.PullPageSize))
            {
                await store.ApplyAsync(page);
            }

            return (pull, decode, watch.Elapsed, records.Count);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }
}
