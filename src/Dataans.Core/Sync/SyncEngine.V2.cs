using System.Threading.Channels;
using Dataans.Contracts.Operations;
using Dataans.Contracts.Sync;
using Dataans.Core.Diagnostics;
using Dataans.Core.Operations;
using Dataans.Core.Profile;
using Dataans.Core.Storage;

namespace Dataans.Core.Sync;

public sealed partial class SyncEngine
{
    private async Task SyncV2Async(UserProfile profile, SyncHttpClient client, SyncOptions options, SyncCounters counters, ChannelWriter<Guid> newFiles, CancellationToken cancellationToken)
    {
        var (cursor, epoch) = await _store.SyncLedger.ReadPositionAsync(cancellationToken);
        var verify = options.Verify;
        var recheckFiles = options.Verify;
        while (true)
        {
            // Pull everything after the cursor, one page per transaction (the cursor moves with it).
            while (true)
            {
                var page = await client.PullAsync(cursor, PullPageSize, cancellationToken);
                if (epoch is not null && (page.Epoch != epoch || page.Head < cursor))
                {
                    // The server was reset or restored (another epoch; or a head behind our cursor, a backup put
                    // back without rotating the epoch): start over and let anti-entropy re-upload what it lost.
                    cursor = 0;
                    epoch = null;
                    verify = true;
                    recheckFiles = true; // a restored server may also have lost files
                    await _store.SyncLedger.ResetPositionAsync(cancellationToken);
                    continue;
                }

                if (epoch is null && cursor == 0 && page.Head > 0)
                {
                    verify = true; // first sync against a server that already holds data
                }

                if (page.Ops.Count > 0 || epoch != page.Epoch)
                {
                    var next = page.Ops.Count > 0 ? page.Ops[^1].Seq : cursor;
                    await ApplyPageAsync(profile, new ReceivedPage([.. page.Ops.Select(ReceivedOperation.From)], next, page.Epoch), counters, newFiles, cancellationToken);
                    cursor = next;
                    epoch = page.Epoch;
                    Report("Receiving", cursor, page.Head);
                }

                if (!page.HasMore)
                {
                    break;
                }
            }

            if (verify)
            {
                await RepairAsync(profile, client, counters, newFiles, cancellationToken);
                verify = false;
            }

            if (recheckFiles)
            {
                foreach (var fileId in await _store.FileSyncLedger.ForgetUploadsAsync(cancellationToken))
                {
                    await newFiles.WriteAsync(fileId, cancellationToken);
                }

                recheckFiles = false;
            }

            var (pushedAny, head, accepted) = await PushOutboxAsync(profile, client, counters, cancellationToken);
            if (!pushedAny)
            {
                return;
            }

            if (head - accepted == cursor)
            {
                // Nobody else pushed in between: the new seqs are exactly ours, so there is nothing to pull back.
                cursor = head;
                FaultInjection.Hit("sync.cursor.after-push");
                await _store.SyncLedger.ApplyPulledPageAsync(PulledPage.PositionOnly(cursor, epoch!), cancellationToken);
                return;
            }
        }
    }

    private async Task ApplyPageAsync(
        UserProfile profile,
        ReceivedPage page,
        SyncCounters counters,
        ChannelWriter<Guid> newFiles,
        CancellationToken cancellationToken)
    {
        FaultInjection.Hit("sync.pull.received");
        var records = new List<OperationRecord>(page.Operations.Count);
        var quarantined = new List<QuarantinedOperation>();
        foreach (var op in page.Operations)
        {
            var record = OperationCodec.TryDecode(profile.SecretKey, op, out var reason);
            if (record is null)
            {
                quarantined.Add(new QuarantinedOperation(op.Id, op.Sequence, reason!));
            }
            else
            {
                records.Add(record);
            }
        }

        var serverIds = page.Operations.Select(op => op.Id).ToList();
        var changes = await _store.SyncLedger.ApplyPulledPageAsync(new PulledPage(records, serverIds, quarantined, page.Cursor, page.Epoch), cancellationToken);
        FaultInjection.Hit("sync.apply.committed");
        counters.Pulled += changes.Applied;
        counters.Quarantined += quarantined.Count;
        foreach (var fileId in changes.CreatedFiles)
        {
            await newFiles.WriteAsync(fileId, cancellationToken);
        }
    }

    private async Task<(bool PushedAny, long Head, long Accepted)> PushOutboxAsync(UserProfile profile, SyncHttpClient client, SyncCounters counters, CancellationToken cancellationToken)
    {
        var pushedAny = false;
        long head = 0;
        long accepted = 0;
        var (_, pending) = await _store.SyncLedger.CountOperationsAsync(cancellationToken);
        while (true)
        {
            var outbox = await _store.SyncLedger.ReadOutboxAsync(PushBatchSize, cancellationToken);
            if (outbox.Count == 0)
            {
                return (pushedAny, head, accepted);
            }

            var batch = outbox.Select(logged => OperationCodec.Encode(profile.SecretKey, logged)).ToList();
            FaultInjection.Hit("sync.push.before");
            var response = await client.PushAsync(batch, cancellationToken);
            FaultInjection.Hit("sync.push.sent");
            await _store.SyncLedger.MarkPushedAsync(outbox.Select(logged => logged.Id), cancellationToken);
            FaultInjection.Hit("sync.push.marked");
            counters.Pushed += response.Accepted;
            accepted += response.Accepted;
            head = response.Head;
            pushedAny = true;
            Report("Sending", counters.Pushed, pending);
        }
    }

    /// <summary>
    /// The seed's anti-entropy: compare block hashes (16 digests each, ops ordered by time then id),
    /// fetch the server's operations after the common prefix, then apply what this device lacks and
    /// queue for upload what the server lacks.
    /// </summary>
    private async Task RepairAsync(UserProfile profile, SyncHttpClient client, SyncCounters counters, ChannelWriter<Guid> newFiles, CancellationToken cancellationToken)
    {
        Report("Verifying", 0, 0);
        var local = await _store.SyncLedger.ReadOrderedDigestsAsync(cancellationToken);
        var remote = await client.GetBlocksAsync(ItemsPerBlock, cancellationToken);
        var common = CommonBlocks(local, remote.Blocks);
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

        var localTail = local.Skip(common * ItemsPerBlock).Select(item => item.Id).ToHashSet();
        var serverIds = serverTail.Select(op => op.Id).ToHashSet();
        var missingOnServer = localTail.Where(id => !serverIds.Contains(id)).ToList();
        var quarantined = (await _store.SyncLedger.ReadQuarantineAsync(cancellationToken)).Select(item => item.Id).ToHashSet();
        var missingHere = serverTail.Where(op => !localTail.Contains(op.Id) && !quarantined.Contains(op.Id)).ToList();
        FaultInjection.Hit("sync.repair.compared");
        await _store.SyncLedger.MarkUnpushedAsync(missingOnServer, cancellationToken);
        var (cursor, epoch) = await _store.SyncLedger.ReadPositionAsync(cancellationToken);
        await ApplyPageAsync(profile, new ReceivedPage([.. missingHere.Select(ReceivedOperation.From)], cursor, epoch ?? remote.Epoch), counters, newFiles, cancellationToken);
        counters.Repaired |= missingOnServer.Count > 0 || missingHere.Count > 0;
        counters.Verification = new VerifyReport(
            local.Count, Math.Min(common * ItemsPerBlock, local.Count) + serverTail.Count, Math.Max((local.Count + ItemsPerBlock - 1) / ItemsPerBlock, remote.Blocks.Count), common, missingOnServer.Count, missingHere.Count);
    }

    internal static int CommonBlocks(IReadOnlyList<(Guid Id, byte[] Digest)> local, IReadOnlyList<byte[]> remote)
    {
        var count = 0;
        foreach (var chunk in local.Chunk(ItemsPerBlock))
        {
            if (count >= remote.Count || !OperationDigest.BlockHash(chunk.Select(item => item.Digest)).AsSpan().SequenceEqual(remote[count]))
            {
                break;
            }

            count++;
        }

        return count;
    }
}
