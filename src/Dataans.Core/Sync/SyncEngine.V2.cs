using System.Threading.Channels;
using Dataans.Contracts.Operations;
using Dataans.Contracts.Sync;
using Dataans.Core.Diagnostics;
using Dataans.Core.Inbox;
using Dataans.Core.Operations;
using Dataans.Core.Profile;
using Dataans.Core.Storage;

namespace Dataans.Core.Sync;

public sealed partial class SyncEngine
{
    private async Task SyncV2Async(
        UserProfile profile, SyncHttpClient client, SyncOptions options, SyncCounters counters, ChannelWriter<Guid> newFiles, InboxDelivery inbox, CancellationToken cancellationToken)
    {
        var inboxWaiting = false;
        var (cursor, epoch) = await _store.SyncLedger.ReadPositionAsync(cancellationToken);
        var verify = options.Verify;
        var recheckFiles = options.Verify;
        while (true)
        {
            // Pull everything after the cursor, one page per transaction (the cursor moves with it). The next
            // page is fetched and decrypted while this one is applied, so the slowest stage sets the pace;
            // only applying moves the cursor, so a crash or failure at any point loses nothing.
            Task<(PullResponse Page, DecodedPage Decoded)>? prefetched = null;
            bool? deferIndex = null;
            try
            {
                while (true)
                {
                    var (page, decoded) = prefetched is null ? await PullDecodedAsync(profile, client, cursor, cancellationToken) : await prefetched;
                    prefetched = null;
                    inboxWaiting = page.InboxMark > 0;
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

                    deferIndex ??= page.HasMore && await IsBulkPullAsync(page.Head - cursor, cancellationToken);
                    var next = page.Ops.Count > 0 ? page.Ops[^1].Seq : cursor;
                    if (page.HasMore)
                    {
                        prefetched = PullDecodedAsync(profile, client, next, cancellationToken);
                    }

                    if (page.Ops.Count > 0 || epoch != page.Epoch)
                    {
                        await CommitPageAsync(decoded with { Cursor = next, Epoch = page.Epoch }, counters, newFiles, cancellationToken, deferIndex.Value);
                        cursor = next;
                        epoch = page.Epoch;
                        Report("Receiving", cursor, page.Head);
                    }

                    if (!page.HasMore)
                    {
                        break;
                    }
                }
            }
            catch (Exception) when (deferIndex == true)
            {
                await RebuildSearchIndexAfterFailureAsync();
                throw;
            }
            finally
            {
                // A page fetched ahead of a failed apply is dropped; observe its outcome so it cannot go unobserved.
                prefetched?.ContinueWith(static task => task.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }

            if (deferIndex == true)
            {
                // Search is complete before the run goes on (and before it returns).
                await _store.SyncLedger.RebuildSearchIndexIfDeferredAsync(cancellationToken);
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

            await DeliverInboxAsync(inbox, inboxWaiting, counters, newFiles, cancellationToken);
            inboxWaiting = false;
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

    /// <summary>
    /// Creates the account's inbox key on its first sync, and turns waiting captures into notes (their
    /// operations go out with this run's push; the items are deleted after it, see <see cref="RunAsync"/>).
    /// </summary>
    private static async Task DeliverInboxAsync(InboxDelivery inbox, bool waiting, SyncCounters counters, ChannelWriter<Guid> newFiles, CancellationToken cancellationToken)
    {
        await inbox.EnsureKeyOnceAsync(cancellationToken);
        if (!waiting)
        {
            return;
        }

        await inbox.DeliverAsync(cancellationToken);
        counters.InboxDelivered = inbox.Written;
        counters.InboxUnopened = inbox.Unopened.Count;
        foreach (var fileId in inbox.NewFiles)
        {
            await newFiles.WriteAsync(fileId, cancellationToken);
        }
    }

    private Task ApplyPageAsync(
        UserProfile profile,
        ReceivedPage page,
        SyncCounters counters,
        ChannelWriter<Guid> newFiles,
        CancellationToken cancellationToken) =>
        CommitPageAsync(Decode(profile, page), counters, newFiles, cancellationToken);

    /// <summary>Whether a pull of <paramref name="remaining"/> operations is large enough to index in one pass at the end.</summary>
    private async Task<bool> IsBulkPullAsync(long remaining, CancellationToken cancellationToken) =>
        remaining >= BulkIndexFromOps && remaining >= (await _store.SyncLedger.CountOperationsAsync(cancellationToken)).Total;

    /// <summary>A failed bulk pull still leaves search complete for what it applied (the store's open would otherwise do it).</summary>
    private async Task RebuildSearchIndexAfterFailureAsync()
    {
        try
        {
            await _store.SyncLedger.RebuildSearchIndexIfDeferredAsync(CancellationToken.None);
        }
        catch (Exception exception) when (exception is Microsoft.Data.Sqlite.SqliteException or IOException or ObjectDisposedException)
        {
            // The original failure is what the run reports; the next open or bulk pull rebuilds.
        }
    }

    /// <summary>Pulls the page after <paramref name="after"/> and decrypts it on the thread pool (the store is not touched).</summary>
    private static Task<(PullResponse Page, DecodedPage Decoded)> PullDecodedAsync(UserProfile profile, SyncHttpClient client, long after, CancellationToken cancellationToken) =>
        Task.Run(
            async () =>
            {
                var page = await client.PullAsync(after, PullPageSize, cancellationToken);
                return (page, Decode(profile, new ReceivedPage([.. page.Ops.Select(ReceivedOperation.From)], after, null)));
            },
            cancellationToken);

    private static DecodedPage Decode(UserProfile profile, ReceivedPage page)
    {
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

        return new DecodedPage(records, [.. page.Operations.Select(op => op.Id)], quarantined, page.Cursor, page.Epoch);
    }

    private async Task CommitPageAsync(DecodedPage page, SyncCounters counters, ChannelWriter<Guid> newFiles, CancellationToken cancellationToken, bool deferSearchIndex = false)
    {
        FaultInjection.Hit("sync.pull.received");
        var pulled = new PulledPage(page.Records, page.ServerIds, page.Quarantined, page.Cursor, page.Epoch) { DeferSearchIndex = deferSearchIndex };
        var changes = await _store.SyncLedger.ApplyPulledPageAsync(pulled, cancellationToken);
        FaultInjection.Hit("sync.apply.committed");
        counters.Pulled += changes.Applied;
        counters.Quarantined += page.Quarantined.Count;
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

    /// <summary>A page decrypted and checked, ready to apply with the server position to record (null epoch: none).</summary>
    private sealed record DecodedPage(
        IReadOnlyList<OperationRecord> Records, IReadOnlyList<Guid> ServerIds, IReadOnlyList<QuarantinedOperation> Quarantined, long Cursor, string? Epoch);
}
