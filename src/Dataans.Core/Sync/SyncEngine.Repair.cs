using System.Threading.Channels;
using Dataans.Contracts.Sync;
using Dataans.Core.Diagnostics;
using Dataans.Core.Operations;
using Dataans.Core.Profile;
using Dataans.Core.Storage;

namespace Dataans.Core.Sync;

public sealed partial class SyncEngine
{
    /// <summary>
    /// The seed's anti-entropy: compare block hashes (16 checksums each, ops ordered by time then id),
    /// fetch the server's operations after the common prefix, then apply what this device lacks and
    /// queue for upload what the server lacks.
    /// </summary>
    private async Task RepairAsync(UserProfile profile, SyncHttpClient client, SyncCounters counters, ChannelWriter<Guid> newFiles, CancellationToken cancellationToken)
    {
        Report("Verifying", 0, 0);
        var checksums = new OperationChecksum(profile.SecretKey);
        var remote = await client.GetBlocksAsync(ItemsPerBlock, cancellationToken);
        // The blocks are compared while the log is read; only the local tail after the common blocks is kept.
        var local = new BlockComparison(remote.Blocks, checksums, ItemsPerBlock);
        await _store.SyncLedger.ReadOrderedDigestsAsync(local.Add, cancellationToken);
        var common = local.Complete().CommonBlocks;
        var serverTail = new List<SyncOperation>();
        for (long skip = common * ItemsPerBlock; ;)
        {
            var page = await client.PullOrderedAsync(skip, PullPageSize, cancellationToken);
            serverTail.AddRange(page.Ops);
            skip += page.Ops.Count;
            if (!page.HasMore || page.Ops.Count == 0)
            {
                break;
            }
        }

        var localTail = local.LocalTail.Select(item => item.Id).ToHashSet();
        var serverIds = serverTail.Select(op => op.Id).ToHashSet();
        var missingOnServer = localTail.Where(id => !serverIds.Contains(id)).ToList();
        var quarantined = (await _store.SyncLedger.ReadQuarantineAsync(cancellationToken)).Select(item => item.Id).ToHashSet();
        var missingHere = serverTail.Where(op => !localTail.Contains(op.Id) && !quarantined.Contains(op.Id)).ToList();
        FaultInjection.Hit("sync.repair.compared");
        await _store.SyncLedger.MarkUnpushedAsync(missingOnServer, cancellationToken);
        // Only the local tail can hold the server tail's operations: the common blocks are the same operations on both sides.
        await _store.SyncLedger.RecordChecksumFormsAsync(ServerForms(local.LocalTail, serverTail.Select(op => (op.Id, op.Checksum)), checksums), cancellationToken);
        var (cursor, epoch) = await _store.SyncLedger.ReadPositionAsync(cancellationToken);
        await ApplyPageAsync(profile, new ReceivedPage([.. missingHere.Select(ReceivedOperation.From)], cursor, epoch ?? remote.Epoch), counters, newFiles, cancellationToken);
        counters.Repaired |= missingOnServer.Count > 0 || missingHere.Count > 0;
        counters.Verification = new VerifyReport(
            local.LocalCount,
            Math.Min(common * ItemsPerBlock, local.LocalCount) + serverTail.Count,
            Math.Max((local.LocalCount + ItemsPerBlock - 1) / ItemsPerBlock, remote.Blocks.Count),
            common,
            missingOnServer.Count,
            missingHere.Count);
    }

    /// <summary>
    /// For the server's operations this device also holds, which checksum form the server keeps (so the
    /// next block comparison matches): keyed when it is the keyed checksum of the local record.
    /// </summary>
    internal static IEnumerable<(Guid Id, bool Keyed)> ServerForms(
        IEnumerable<OrderedDigest> local, IEnumerable<(Guid Id, byte[] Checksum)> server, OperationChecksum checksums)
    {
        var byId = local.ToDictionary(item => item.Id);
        foreach (var (id, checksum) in server)
        {
            if (byId.TryGetValue(id, out var item) && checksums.Identify(item.Digest, checksum) is { } keyed && keyed != item.Keyed)
            {
                yield return (id, keyed);
            }
        }
    }
}
