using System.Globalization;
using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Dataans.Core.Diagnostics;
using Dataans.Core.Operations;

namespace Dataans.Core.Storage;

/// <summary>
/// What the operation half of sync keeps in the store: the server position (cursor and epoch), the
/// outbox (operations not yet pushed), the quarantine of refused operations, the last run's result,
/// and the log in the seed's order for block hashes. Thread-safe.
/// </summary>
public sealed class SyncLedger
{
    internal const string CursorKey = "sync.cursor";
    internal const string EpochKey = "sync.epoch";
    internal const string CursorIdKey = "sync.cursor_id";
    internal const string LastResultKey = "sync.last_result";
    internal const string InboxKeyKey = "inbox.public_key";

    private readonly StoreTransactions _transactions;
    private readonly TimeProvider _timeProvider;

    internal SyncLedger(StoreTransactions transactions, TimeProvider timeProvider)
    {
        _transactions = transactions;
        _timeProvider = timeProvider;
    }

    /// <summary>How many operations the log holds, and how many wait to be pushed.</summary>
    public Task<(long Total, long Pending)> CountOperationsAsync(CancellationToken cancellationToken = default) =>
        _transactions.ReadAsync(
            batch => ((long)batch.Scalar("SELECT count(*) FROM operations")!, (long)batch.Scalar("SELECT count(*) FROM operations WHERE is_pushed = 0")!),
            cancellationToken);

    /// <summary>The sequence number of the newest operation waiting to be pushed, or 0 when none waits.</summary>
    internal Task<long> ReadNewestUnpushedAsync(CancellationToken cancellationToken = default) =>
        _transactions.ReadAsync(batch => (long)batch.Scalar("SELECT coalesce(max(seq), 0) FROM operations WHERE is_pushed = 0")!, cancellationToken);

    /// <summary>
    /// Applies one pulled page and advances the cursor in the same transaction; ids the server holds
    /// are marked pushed (our own operations coming back included), with the checksum form the server
    /// holds for them. A null epoch leaves the cursor alone.
    /// </summary>
    internal Task<ChangeSet> ApplyPulledPageAsync(PulledPage page, CancellationToken cancellationToken = default) =>
        _transactions.ApplyAsync(
            page.Records,
            isLocal: false,
            (batch, logged) =>
            {
                // The ids logged just now already hold the server's checksum form and count as pushed.
                foreach (var id in page.ServerIds.Where(id => !logged.Contains(id)))
                {
                    batch.Execute(
                        "UPDATE operations SET is_pushed = 1, checksum_keyed = @keyed WHERE id = @id AND (is_pushed = 0 OR checksum_keyed <> @keyed)",
                        ("@id", DbValue.Id(id)),
                        ("@keyed", page.KeyedChecksums.Contains(id) ? 1 : 0));
                }

                foreach (var item in page.Quarantined)
                {
                    batch.Execute(
                        "INSERT OR IGNORE INTO quarantine (id, seq, reason, received_at) VALUES (@id, @seq, @reason, @at)",
                        ("@id", DbValue.Id(item.Id)),
                        ("@seq", item.Sequence),
                        ("@reason", item.Reason),
                        ("@at", _timeProvider.GetUtcNow().ToUnixTimeMilliseconds()));
                }

                FaultInjection.Hit("sync.apply.in-transaction");
                if (page.Epoch is not null)
                {
                    MetaTable.Set(batch, CursorKey, page.Cursor.ToString(CultureInfo.InvariantCulture));
                    MetaTable.Set(batch, EpochKey, page.Epoch);
                    if (page.CursorId is { } cursorId)
                    {
                        MetaTable.Set(batch, CursorIdKey, cursorId.ToString("D"));
                    }
                    else
                    {
                        MetaTable.Delete(batch, CursorIdKey);
                    }
                }
            },
            page.DeferSearchIndex,
            page.KeyedChecksums,
            cancellationToken);

    /// <summary>Builds the search index in one pass if pulls left it deferred; returns whether it did.</summary>
    internal async Task<bool> RebuildSearchIndexIfDeferredAsync(CancellationToken cancellationToken = default) =>
        await _transactions.ReadAsync(SearchIndexDeferral.IsDeferred, cancellationToken)
        && await _transactions.WriteAsync((writer, _) => SearchIndexDeferral.RebuildIfDeferred(writer.Batch), cancellationToken);

    /// <summary>Creates again the indexes a bulk pull dropped (<see cref="SecondaryIndexDeferral"/>); returns whether it did.</summary>
    internal async Task<bool> RebuildSecondaryIndexesIfDeferredAsync(CancellationToken cancellationToken = default) =>
        await _transactions.ReadAsync(SecondaryIndexDeferral.IsDeferred, cancellationToken)
        && await _transactions.WriteAsync((writer, _) => SecondaryIndexDeferral.RebuildIfDeferred(writer.Batch), cancellationToken);

    internal Task<(long Cursor, string? Epoch)> ReadPositionAsync(CancellationToken cancellationToken = default) =>
        _transactions.ReadAsync(
            batch => (
                long.TryParse(MetaTable.Get(batch, CursorKey), NumberStyles.Integer, CultureInfo.InvariantCulture, out var cursor) ? cursor : 0,
                MetaTable.Get(batch, EpochKey)),
            cancellationToken);

    /// <summary>The id of the operation at the cursor on the server, when this device knows it.</summary>
    internal Task<Guid?> ReadCursorIdAsync(CancellationToken cancellationToken = default) =>
        _transactions.ReadAsync(batch => Guid.TryParse(MetaTable.Get(batch, CursorIdKey), out var id) ? id : (Guid?)null, cancellationToken);

    /// <summary>Forgets the server position (after sign-out, a server change or a restore).</summary>
    internal Task ResetPositionAsync(CancellationToken cancellationToken = default) =>
        _transactions.WriteAsync((writer, _) => MetaTable.Delete(writer.Batch, CursorKey, EpochKey, CursorIdKey), cancellationToken);

    /// <summary>Forgets the server position and the last run's result (sign-out, or another account signed in).</summary>
    internal Task ForgetAccountAsync(CancellationToken cancellationToken = default) =>
        _transactions.WriteAsync((writer, _) => MetaTable.Delete(writer.Batch, CursorKey, EpochKey, CursorIdKey, LastResultKey, InboxKeyKey), cancellationToken);

    /// <summary>The account's inbox public key (base64) once this device saw it on the server, or null.</summary>
    internal Task<string?> ReadInboxKeyAsync(CancellationToken cancellationToken = default) =>
        _transactions.ReadAsync(batch => MetaTable.Get(batch, InboxKeyKey), cancellationToken);

    internal Task WriteInboxKeyAsync(string publicKey, CancellationToken cancellationToken = default) =>
        _transactions.WriteAsync((writer, _) => MetaTable.Set(writer.Batch, InboxKeyKey, publicKey), cancellationToken);

    /// <summary>The last run's result as the sync engine stored it (JSON), or null.</summary>
    internal Task<string?> ReadLastResultAsync(CancellationToken cancellationToken = default) =>
        _transactions.ReadAsync(batch => MetaTable.Get(batch, LastResultKey), cancellationToken);

    internal Task WriteLastResultAsync(string json, CancellationToken cancellationToken = default) =>
        _transactions.WriteAsync((writer, _) => MetaTable.Set(writer.Batch, LastResultKey, json), cancellationToken);

    /// <summary>Local operations not yet pushed, in the order they were written.</summary>
    internal Task<IReadOnlyList<LoggedOperation>> ReadOutboxAsync(int limit, CancellationToken cancellationToken = default) =>
        _transactions.ReadAsync<IReadOnlyList<LoggedOperation>>(
            batch => ReadLogged(batch, SelectLogged + " WHERE o.is_pushed = 0 ORDER BY o.seq LIMIT @limit", ("@limit", limit)),
            cancellationToken);

    /// <summary>Marks operations pushed, each with the checksum form the server now holds (keyed or the seed digest).</summary>
    internal Task MarkPushedAsync(IEnumerable<(Guid Id, bool Keyed)> pushed, CancellationToken cancellationToken = default) =>
        SetChecksumFormsAsync(pushed, "UPDATE operations SET is_pushed = 1, checksum_keyed = @keyed WHERE id = @id", cancellationToken);

    /// <summary>Records which checksum form the server holds for operations it already has (found by anti-entropy).</summary>
    internal Task RecordChecksumFormsAsync(IEnumerable<(Guid Id, bool Keyed)> forms, CancellationToken cancellationToken = default) =>
        SetChecksumFormsAsync(forms, "UPDATE operations SET checksum_keyed = @keyed WHERE id = @id", cancellationToken);

    /// <summary>Queues operations for another push (the server lost them).</summary>
    internal Task MarkUnpushedAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken = default) =>
        SetPushedAsync(ids, "UPDATE operations SET is_pushed = 0 WHERE id = @id", cancellationToken);

    /// <summary>The whole log in the seed's order (time, then id), skipping the first <paramref name="skip"/>.</summary>
    internal Task<IReadOnlyList<LoggedOperation>> ReadLogAsync(long skip = 0, int limit = int.MaxValue, CancellationToken cancellationToken = default) =>
        _transactions.ReadAsync<IReadOnlyList<LoggedOperation>>(
            batch => ReadLogged(batch, SelectLogged + " ORDER BY o.created_at, o.id LIMIT @limit OFFSET @skip", ("@limit", limit), ("@skip", skip)),
            cancellationToken);

    /// <summary>Every operation's seed digest and the checksum form the server holds, in the seed's order, for block hashes.</summary>
    internal async Task<IReadOnlyList<OrderedDigest>> ReadOrderedDigestsAsync(CancellationToken cancellationToken = default)
    {
        var result = new List<OrderedDigest>();
        await ReadOrderedDigestsAsync(result.Add, cancellationToken);
        return result;
    }

    /// <summary>
    /// Hands every operation's seed digest and checksum form to <paramref name="visit"/> in the seed's order,
    /// one at a time inside one read transaction, so a caller can compare blocks without holding the whole log.
    /// </summary>
    internal Task ReadOrderedDigestsAsync(Action<OrderedDigest> visit, CancellationToken cancellationToken = default) =>
        _transactions.ReadAsync(
            batch =>
            {
                using var reader = batch.Reader("SELECT id, digest, checksum_keyed FROM operations ORDER BY created_at, id");
                while (reader.Read())
                {
                    visit(new OrderedDigest(reader.GetId(0), (byte[])reader.GetValue(1), reader.GetInt64(2) != 0));
                }

                return 0;
            },
            cancellationToken);

    /// <summary>The logged operations with these ids (unknown ids are left out).</summary>
    internal Task<IReadOnlyList<LoggedOperation>> ReadOperationsAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken = default) =>
        _transactions.ReadAsync<IReadOnlyList<LoggedOperation>>(
            batch =>
            {
                var result = new List<LoggedOperation>(ids.Count);
                foreach (var id in ids)
                {
                    result.AddRange(ReadLogged(batch, SelectLogged + " WHERE o.id = @id", ("@id", DbValue.Id(id))));
                }

                return result;
            },
            cancellationToken);

    internal Task<IReadOnlyList<(Guid Id, string Reason)>> ReadQuarantineAsync(CancellationToken cancellationToken = default) =>
        _transactions.ReadAsync<IReadOnlyList<(Guid, string)>>(
            batch =>
            {
                var result = new List<(Guid, string)>();
                using var reader = batch.Reader("SELECT id, reason FROM quarantine ORDER BY received_at");
                while (reader.Read())
                {
                    result.Add((reader.GetId(0), reader.GetString(1)));
                }

                return result;
            },
            cancellationToken);

    private Task SetPushedAsync(IEnumerable<Guid> ids, string sql, CancellationToken cancellationToken) =>
        _transactions.WriteAsync(
            (writer, _) =>
            {
                foreach (var id in ids)
                {
                    writer.Batch.Execute(sql, ("@id", DbValue.Id(id)));
                }

                return 0;
            },
            cancellationToken);

    /// <summary>A logged operation's columns with the name of the device that wrote it (when known).</summary>
    private const string SelectLogged =
        "SELECT o.seq, o.id, o.created_at, o.operation, o.digest, o.device_id, d.name FROM operations o LEFT JOIN devices d ON d.id = o.device_id";

    private Task SetChecksumFormsAsync(IEnumerable<(Guid Id, bool Keyed)> forms, string sql, CancellationToken cancellationToken) =>
        _transactions.WriteAsync(
            (writer, _) =>
            {
                foreach (var (id, keyed) in forms)
                {
                    writer.Batch.Execute(sql, ("@id", DbValue.Id(id)), ("@keyed", keyed ? 1 : 0));
                }

                return 0;
            },
            cancellationToken);

    private static List<LoggedOperation> ReadLogged(SqlBatch batch, string sql, params (string Name, object? Value)[] parameters)
    {
        var result = new List<LoggedOperation>();
        using var reader = batch.Reader(sql, parameters);
        while (reader.Read())
        {
            var device = reader.GetNullableGuid(5) is { } deviceId && !reader.IsDBNull(6) ? new OperationDevice(deviceId, reader.GetString(6)) : null;
            result.Add(new LoggedOperation(reader.GetInt64(0), reader.GetId(1), new Timestamp(reader.GetInt64(2)), reader.GetString(3), (byte[])reader.GetValue(4), device));
        }

        return result;
    }
}
