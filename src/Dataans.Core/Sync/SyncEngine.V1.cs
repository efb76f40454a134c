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

        // The server's operations after the common blocks, applied a page at a time as they arrive (the answer holds
        // a new device's whole history, hundreds of megabytes), on the bulk path when they are most of the log. The
        // next page is read and decrypted while one is applied.
        var localTail = local.LocalTail.ToDictionary(item => item.Id, item => item.Digest);
        var heldByServer = new List<(Guid Id, bool Keyed)>();
        IReadOnlySet<Guid> remoteIds;
        var deferIndex = await IsBulkPullAsync((remoteBlocks.Count - (long)common) * ItemsPerBlock, cancellationToken);
        try
        {
            await using var answer = V1AnswerPipeline<DecodedPage>.Start(
                client.GetV1OperationsAsync((long)common * ItemsPerBlock, cancellationToken),
                op =>
                {
                    if (!localTail.TryGetValue(op.Id, out var digest))
                    {
                        return false;
                    }

                    heldByServer.Add((op.Id, checksums.Identify(digest, op.Checksum) ?? false));
                    return true;
                },
                ops => Decode(profile, new ReceivedPage([.. ops.Select(ReceivedOperation.From)], 0, null)),
                PullPageSize,
                cancellationToken);
            while (await answer.NextAsync(cancellationToken) is { } next)
            {
                await CommitPageAsync(next.Page, counters, newFiles, cancellationToken, deferIndex);
                Report("Receiving", next.Received, 0);
            }

            remoteIds = answer.ServerIds;
        }
        catch (Exception) when (deferIndex)
        {
            await RebuildSearchIndexAfterFailureAsync();
            throw;
        }

        if (deferIndex)
        {
            await BuildDeferredIndexesAsync(cancellationToken);
        }

        var toUpload = localTail.Keys.Where(id => !remoteIds.Contains(id)).ToList();
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
        await _store.SyncLedger.MarkPushedAsync(heldByServer, cancellationToken);
    }
}
