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
        var cursorId = await _store.SyncLedger.ReadCursorIdAsync(cancellationToken);
        var verify = options.Verify;
        var recheckFiles = options.Verify;
        while (true)
        {
            // Pull everything after the cursor, one page per transaction (the cursor moves with it). Later pages
            // are fetched and decrypted while this one is applied (a bounded pipeline: the slowest stage sets the
            // pace); only applying moves the cursor, so a crash or failure at any point loses nothing.
            bool? deferIndex = null;
            try
            {
                for (var startOver = true; startOver;)
                {
                    startOver = false;
                    // The first request shows the server the position this run starts from (epoch, cursor and the id
                    // at it), so that a server put back to an older state notices; later pages continue this run's.
                    var (startCursor, startEpoch, startId) = (cursor, epoch, cursorId);
                    await using var pipeline = PagePipeline<DecodedPage>.Start(
                        (after, stop) => client.PullAsync(after, PullPageSize, startEpoch, after == startCursor ? startId : null, stop),
                        (page, after) => Decode(profile, page, after), cursor, cancellationToken);
                    while (true)
                    {
                        var (page, decoded) = await pipeline.NextAsync(cancellationToken);
                        inboxWaiting = page.InboxMark > 0;
                        if (epoch is not null && (page.Epoch != epoch || page.Head < cursor))
                        {
                            // The server was reset or restored (another epoch; or a head behind our cursor, a backup put
                            // back without rotating the epoch): start over and let anti-entropy re-upload what it lost.
                            cursor = 0;
                            epoch = null;
                            cursorId = null;
                            verify = true;
                            recheckFiles = true; // a restored server may also have lost files
                            await _store.SyncLedger.ResetPositionAsync(cancellationToken);
                            startOver = true;
                            break;
                        }

                        if (epoch is null && cursor == 0 && page.Head > 0)
                        {
                            verify = true; // first sync against a server that already holds data
                        }

                        deferIndex ??= page.HasMore && await IsBulkPullAsync(page.Head - cursor, cancellationToken);
                        var next = page.Ops.Count > 0 ? page.Ops[^1].Seq : cursor;
                        if (page.Ops.Count > 0 || epoch != page.Epoch)
                        {
                            var nextId = page.Ops.Count > 0 ? page.Ops[^1].Id : cursorId;
                            await CommitPageAsync(decoded with { Cursor = next, Epoch = page.Epoch, CursorId = nextId }, counters, newFiles, cancellationToken, deferIndex.Value);
                            cursor = next;
                            cursorId = nextId;
                            epoch = page.Epoch;
                            Report("Receiving", cursor, page.Head);
                        }

                        if (!page.HasMore)
                        {
                            break;
                        }
                    }
                }
            }
            catch (Exception) when (deferIndex == true)
            {
                await RebuildSearchIndexAfterFailureAsync();
                throw;
            }

            if (deferIndex == true)
            {
                await BuildDeferredIndexesAsync(cancellationToken);
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
            var (pushedAny, head, accepted, headId) = await PushOutboxAsync(profile, client, counters, cancellationToken);
            if (!pushedAny)
            {
                return;
            }

            if (head - accepted == cursor)
            {
                // Nobody else pushed in between: the new seqs are exactly ours, so there is nothing to pull back.
                cursor = head;
                cursorId = accepted > 0 ? headId : cursorId;
                FaultInjection.Hit("sync.cursor.after-push");
                await _store.SyncLedger.ApplyPulledPageAsync(PulledPage.PositionOnly(cursor, epoch!, cursorId), cancellationToken);
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

    /// <summary>Builds what a bulk pull deferred (the secondary indexes, then search): search is complete before the run goes on.</summary>
    private async Task BuildDeferredIndexesAsync(CancellationToken cancellationToken)
    {
        await _store.SyncLedger.RebuildSecondaryIndexesIfDeferredAsync(cancellationToken);
        await _store.SyncLedger.RebuildSearchIndexIfDeferredAsync(cancellationToken);
    }

    /// <summary>A failed bulk pull still leaves search complete for what it applied (the store's open would otherwise do it).</summary>
    private async Task RebuildSearchIndexAfterFailureAsync()
    {
        try
        {
            await BuildDeferredIndexesAsync(CancellationToken.None);
        }
        catch (Exception exception) when (exception is Microsoft.Data.Sqlite.SqliteException or IOException or ObjectDisposedException)
        {
            // The original failure is what the run reports; the next open or bulk pull rebuilds.
        }
    }

    private static DecodedPage Decode(UserProfile profile, PullResponse page, long after) =>
        Decode(profile, new ReceivedPage([.. page.Ops.Select(ReceivedOperation.From)], after, null));

    private static DecodedPage Decode(UserProfile profile, ReceivedPage page)
    {
        var checksums = new OperationChecksum(profile.SecretKey);
        var records = new List<OperationRecord>(page.Operations.Count);
        var quarantined = new List<QuarantinedOperation>();
        var keyedIds = new HashSet<Guid>();
        foreach (var op in page.Operations)
        {
            var record = OperationCodec.TryDecode(profile.SecretKey, checksums, op, out var reason, out var keyed);
            if (record is null)
            {
                quarantined.Add(new QuarantinedOperation(op.Id, op.Sequence, reason!));
            }
            else
            {
                records.Add(record);
                if (keyed)
                {
                    keyedIds.Add(record.Id);
                }
            }
        }

        return new DecodedPage(records, [.. page.Operations.Select(op => op.Id)], quarantined, page.Cursor, page.Epoch) { KeyedChecksums = keyedIds };
    }

    private async Task CommitPageAsync(DecodedPage page, SyncCounters counters, ChannelWriter<Guid> newFiles, CancellationToken cancellationToken, bool deferSearchIndex = false)
    {
        FaultInjection.Hit("sync.pull.received");
        var pulled = new PulledPage(page.Records, page.ServerIds, page.Quarantined, page.Cursor, page.Epoch)
        {
            DeferSearchIndex = deferSearchIndex,
            KeyedChecksums = page.KeyedChecksums,
            CursorId = page.CursorId,
        };
        var changes = await _store.SyncLedger.ApplyPulledPageAsync(pulled, cancellationToken);
        FaultInjection.Hit("sync.apply.committed");
        counters.Pulled += changes.Applied;
        counters.Quarantined += page.Quarantined.Count;
        foreach (var fileId in changes.CreatedFiles)
        {
            await newFiles.WriteAsync(fileId, cancellationToken);
        }
    }

    /// <summary>
    /// Pushes the outbox in batches. <c>HeadId</c> is the id of the operation at <c>Head</c> when the last batch that
    /// stored anything stored all of it (a batch is stored in its order, all or nothing), else null (unknown).
    /// </summary>
    private async Task<(bool PushedAny, long Head, long Accepted, Guid? HeadId)> PushOutboxAsync(UserProfile profile, SyncHttpClient client, SyncCounters counters, CancellationToken cancellationToken)
    {
        var pushedAny = false;
        long head = 0;
        long accepted = 0;
        Guid? headId = null;
        var checksums = new OperationChecksum(profile.SecretKey);
        var (_, pending) = await _store.SyncLedger.CountOperationsAsync(cancellationToken);
        while (true)
        {
            var outbox = await _store.SyncLedger.ReadOutboxAsync(PushBatchSize, cancellationToken);
            if (outbox.Count == 0)
            {
                return (pushedAny, head, accepted, headId);
            }

            var (response, seedForm) = await PushKeyedAsync(profile, client, checksums, outbox, cancellationToken);
            FaultInjection.Hit("sync.push.sent");
            await _store.SyncLedger.MarkPushedAsync(outbox.Select(logged => (logged.Id, !seedForm.Contains(logged.Id))), cancellationToken);
            FaultInjection.Hit("sync.push.marked");
            counters.Pushed += response.Accepted;
            accepted += response.Accepted;
            head = response.Head;
            if (response.Accepted > 0)
            {
                headId = response.Duplicates == 0 ? outbox[^1].Id : null;
            }

            pushedAny = true;
            Report("Sending", counters.Pushed, pending);
        }
    }

    /// <summary>
    /// Pushes a batch with keyed checksums. An operation the server already holds with its seed digest
    /// (pushed over v1, by an earlier version, or by the original app) answers 409 for its id: that one is
    /// sent again in the seed form, which the server then counts as a duplicate.
    /// </summary>
    private static async Task<(PushResponse Response, HashSet<Guid> SeedForm)> PushKeyedAsync(
        UserProfile profile, SyncHttpClient client, OperationChecksum checksums, IReadOnlyList<LoggedOperation> outbox, CancellationToken cancellationToken)
    {
        var seedForm = new HashSet<Guid>();
        var ids = outbox.Select(logged => logged.Id).ToHashSet();
        while (true)
        {
            var batch = outbox.Select(logged => OperationCodec.Encode(profile.SecretKey, checksums, logged, keyed: !seedForm.Contains(logged.Id))).ToList();
            FaultInjection.Hit("sync.push.before");
            try
            {
                return (await client.PushAsync(batch, cancellationToken), seedForm);
            }
            catch (SyncException exception) when (exception.ConflictingOperationId is { } id && ids.Contains(id) && seedForm.Add(id))
            {
                // Retried with this operation's seed digest; a second conflict on it is a real one and propagates.
            }
        }
    }

    /// <summary>A page decrypted and checked, ready to apply with the server position to record (null epoch: none).</summary>
    private sealed record DecodedPage(
        IReadOnlyList<OperationRecord> Records, IReadOnlyList<Guid> ServerIds, IReadOnlyList<QuarantinedOperation> Quarantined, long Cursor, string? Epoch)
    {
        /// <summary>The ids whose checksum on the server is keyed (the others hold the seed digest).</summary>
        public IReadOnlySet<Guid> KeyedChecksums { get; init; } = new HashSet<Guid>();

        /// <summary>The id of the operation at <see cref="Cursor"/>, when known.</summary>
        public Guid? CursorId { get; init; }
    }
}
