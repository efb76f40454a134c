using System.Threading.Channels;
using Dataans.Contracts.Sync;
using Dataans.Core.Operations;
using Dataans.Core.Profile;

namespace Dataans.Core.Sync;

public sealed partial class SyncEngine
{
    /// <summary>
    /// The seed's algorithm on the seed's endpoints: compare block hashes, download the server's
    /// operations after the common prefix, apply what this device lacks and upload what the server
    /// lacks. For servers that only speak v1 and for comparison with v2.
    /// </summary>
    private async Task SyncV1Async(UserProfile profile, SyncHttpClient client, SyncCounters counters, ChannelWriter<Guid> newFiles, CancellationToken cancellationToken)
    {
        Report("Comparing", 0, 0);
        var checksums = new OperationChecksum(profile.SecretKey);
        var remoteBlocks = await client.GetV1BlocksAsync(ItemsPerBlock, cancellationToken);
        var local = new BlockComparison(remoteBlocks, checksums, ItemsPerBlock);
        await _store.SyncLedger.ReadOrderedDigestsAsync(local.Add, cancellationToken);
        var common = local.Complete().CommonBlocks;
        var localBlockCount = (local.LocalCount + ItemsPerBlock - 1) / ItemsPerBlock;
        if (common == localBlockCount && common == remoteBlocks.Count)
        {
            return;
        }

        var remoteTail = await client.GetV1OperationsAsync((long)common * ItemsPerBlock, cancellationToken);
        var localTail = local.LocalTail.Select(item => item.Id).ToHashSet();
        var remoteIds = remoteTail.Select(op => op.Id).ToHashSet();
        var toApply = remoteTail.Where(op => !localTail.Contains(op.Id)).ToList();
        await ApplyPageAsync(profile, new ReceivedPage([.. toApply.Select(ReceivedOperation.From)], 0, null), counters, newFiles, cancellationToken);

        var toUpload = localTail.Where(id => !remoteIds.Contains(id)).ToList();
        foreach (var chunk in toUpload.Chunk(PushBatchSize))
        {
            var logged = await _store.SyncLedger.ReadOperationsAsync(chunk, cancellationToken);
            var wire = logged.Select(operation =>
            {
                var sealedOp = OperationCodec.Encode(profile.SecretKey, checksums, operation, keyed: false); // v1 keeps the seed digest
                return new V1Operation { Id = sealedOp.Id, CreatedAt = sealedOp.CreatedAt, Data = sealedOp.Data, Checksum = sealedOp.Checksum };
            }).ToList();
            await client.PostV1OperationsAsync(wire, cancellationToken);
            await _store.SyncLedger.MarkPushedAsync(chunk.Select(id => (id, false)), cancellationToken);
            counters.Pushed += wire.Count;
            Report("Sending", counters.Pushed, toUpload.Count);
        }

        // What the server already holds counts as pushed, in the checksum form it holds.
        var localDigests = local.LocalTail.ToDictionary(item => item.Id, item => item.Digest);
        await _store.SyncLedger.MarkPushedAsync(
            remoteTail.Where(op => localDigests.ContainsKey(op.Id)).Select(op => (op.Id, checksums.Identify(localDigests[op.Id], op.Checksum) ?? false)),
            cancellationToken);
    }
}
