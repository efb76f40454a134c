using System.Globalization;
using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Dataans.Core.Operations;

namespace Dataans.Core.Storage;

public sealed partial class DataansStore
{
    internal const string CursorKey = "sync.cursor";
    internal const string EpochKey = "sync.epoch";
    internal const string LastResultKey = "sync.last_result";

    /// <summary>
    /// Applies one pulled page and advances the cursor in the same transaction; ids the server holds
    /// are marked pushed (our own operations coming back included). A null epoch leaves the cursor alone.
    /// </summary>
    internal Task<ChangeSet> ApplyPulledPageAsync(
        IReadOnlyList<OperationRecord> records,
        IReadOnlyCollection<Guid> serverIds,
        IReadOnlyList<QuarantinedOperation> quarantined,
        long cursor,
        string? epoch,
        CancellationToken cancellationToken = default) =>
        ApplyAsync(
            records,
            isLocal: false,
            batch =>
            {
                foreach (var id in serverIds)
                {
                    batch.Execute("UPDATE operations SET is_pushed = 1 WHERE id = @id AND is_pushed = 0", ("@id", DbValue.Id(id)));
                }

                foreach (var item in quarantined)
                {
                    batch.Execute(
                        "INSERT OR IGNORE INTO quarantine (id, seq, reason, received_at) VALUES (@id, @seq, @reason, @at)",
                        ("@id", DbValue.Id(item.Id)),
                        ("@seq", item.Sequence),
                        ("@reason", item.Reason),
                        ("@at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
                }

                Sync.FaultInjection.Hit("sync.apply.in-transaction");
                if (epoch is not null)
                {
                    SetMeta(batch, CursorKey, cursor.ToString(CultureInfo.InvariantCulture));
                    SetMeta(batch, EpochKey, epoch);
                }
            },
            cancellationToken);

    internal async Task<(long Cursor, string? Epoch)> ReadSyncPositionAsync(CancellationToken cancellationToken = default) =>
        await ReadAsync(
            batch => (
                long.TryParse(GetMeta(batch, CursorKey), NumberStyles.Integer, CultureInfo.InvariantCulture, out var cursor) ? cursor : 0,
                GetMeta(batch, EpochKey)),
            cancellationToken);

    /// <summary>Forgets the server position (after sign-out, a server change or a restore).</summary>
    internal Task ResetSyncPositionAsync(CancellationToken cancellationToken = default) =>
        WriteAsync(
            (writer, _) => writer.Batch.Execute("DELETE FROM meta WHERE key IN (@cursor, @epoch)", ("@cursor", CursorKey), ("@epoch", EpochKey)),
            cancellationToken);

    /// <summary>Forgets the server position and the last sync result (sign-out, or another account signed in).</summary>
    internal Task ForgetSyncAccountAsync(CancellationToken cancellationToken = default) =>
        WriteAsync(
            (writer, _) => writer.Batch.Execute(
                "DELETE FROM meta WHERE key IN (@cursor, @epoch, @last)", ("@cursor", CursorKey), ("@epoch", EpochKey), ("@last", LastResultKey)),
            cancellationToken);

    /// <summary>Queues operations for another push (the server lost them).</summary>
    internal Task MarkUnpushedAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken = default) =>
        WriteAsync(
            (writer, _) =>
            {
                foreach (var id in ids)
                {
                    writer.Batch.Execute("UPDATE operations SET is_pushed = 0 WHERE id = @id", ("@id", DbValue.Id(id)));
                }

                return 0;
            },
            cancellationToken);

    internal Task<IReadOnlyList<(Guid Id, string Reason)>> ReadQuarantineAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<(Guid, string)>>(
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

    /// <summary>Every operation digest in the seed's order, for block hashes.</summary>
    internal Task<IReadOnlyList<(Guid Id, byte[] Digest)>> ReadOrderedDigestsAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<(Guid, byte[])>>(
            batch =>
            {
                var result = new List<(Guid, byte[])>();
                using var reader = batch.Reader("SELECT id, digest FROM operations ORDER BY created_at, id");
                while (reader.Read())
                {
                    result.Add((reader.GetId(0), (byte[])reader.GetValue(1)));
                }

                return result;
            },
            cancellationToken);

    internal Task<IReadOnlyList<OperationRecord>> ReadOperationsAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<OperationRecord>>(
            batch =>
            {
                var result = new List<OperationRecord>(ids.Count);
                foreach (var id in ids)
                {
                    using var reader = batch.Reader("SELECT created_at, operation FROM operations WHERE id = @id", ("@id", DbValue.Id(id)));
                    if (reader.Read())
                    {
                        result.Add(new OperationRecord(id, new Timestamp(reader.GetInt64(0)), OperationJson.Deserialize(reader.GetString(1))));
                    }
                }

                return result;
            },
            cancellationToken);
}

/// <summary>A pulled operation that was refused, and why (safe to show: no content).</summary>
internal sealed record QuarantinedOperation(Guid Id, long? Sequence, string Reason);
