using System.Data.Common;
using Dataans.Contracts.Sync;
using Dataans.Server.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace Dataans.Server.Storage.Sqlite;

/// <summary>
/// Operations in the embedded SQLite file. Writes run in <c>BEGIN IMMEDIATE</c> transactions, so SQLite's
/// single writer lock serializes them; a deferred transaction is a read snapshot (WAL mode).
/// </summary>
internal sealed class SqliteOperationStore(SqliteDatabase database, TimeProvider timeProvider)
    : SqlOperationStore(database, timeProvider)
{
    private protected override string LockUserRow => "";

    private protected override string AllFromOffset => "LIMIT -1 OFFSET @skip";

    private protected override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    private protected override Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));

    public override async Task<PushOutcome> PushAsync(string user, IReadOnlyList<PushOperation> operations, CancellationToken cancellationToken = default)
    {
        var batch = PushBatch.Create(operations);
        await using var connection = await Database.OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var row = await EnsureUserAsync(connection, transaction, user, lockRow: true, cancellationToken);

        var known = batch.Unique.Count > 0
            ? await FindChecksumsAsync(connection, transaction, row.Id, batch.Unique, cancellationToken)
            : [];
        var fresh = new List<PushOperation>(batch.Unique.Count);
        foreach (var operation in batch.Unique)
        {
            if (!known.TryGetValue(operation.Id, out var checksum))
            {
                fresh.Add(operation);
            }
            else if (!checksum.AsSpan().SequenceEqual(operation.Checksum))
            {
                throw new OperationConflictException(operation.Id);
            }
        }

        if (fresh.Count > 0)
        {
            await AppendAsync(connection, transaction, row, fresh, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new PushOutcome(row.Epoch, row.Head + fresh.Count, fresh.Count, batch.InBatchDuplicates + known.Count);
    }

    private static async Task<Dictionary<Guid, byte[]>> FindChecksumsAsync(DbConnection connection, DbTransaction transaction, long userId,
        IReadOnlyList<PushOperation> operations, CancellationToken cancellationToken)
    {
        // One prepared lookup per id: SQLite runs it in-process, and it needs no parameter-count limit.
        var known = new Dictionary<Guid, byte[]>();
        await using var find = SqlCommands.Create(connection, transaction, "SELECT checksum FROM operations WHERE user_id = @user AND id = @id", ("user", userId));
        var id = SqlCommands.Add(find, "id", Array.Empty<byte>());
        foreach (var operation in operations)
        {
            id.Value = StorageNames.IdBytes(operation.Id);
            if (await find.ExecuteScalarAsync(cancellationToken) is byte[] checksum)
            {
                known[operation.Id] = checksum;
            }
        }

        return known;
    }

    private static async Task AppendAsync(DbConnection connection, DbTransaction transaction, UserRow row,
        IReadOnlyList<PushOperation> fresh, CancellationToken cancellationToken)
    {
        await using var insert = SqlCommands.Create(connection, transaction, """
            INSERT INTO operations (user_id, seq, id, created_at, checksum, data)
            VALUES (@user, @seq, @id, @at, @checksum, @data)
            """, ("user", row.Id));
        var seq = SqlCommands.Add(insert, "seq", 0L);
        var id = SqlCommands.Add(insert, "id", Array.Empty<byte>());
        var at = SqlCommands.Add(insert, "at", 0L);
        var checksum = SqlCommands.Add(insert, "checksum", Array.Empty<byte>());
        var data = SqlCommands.Add(insert, "data", Array.Empty<byte>());
        var head = row.Head;
        foreach (var operation in fresh)
        {
            seq.Value = ++head;
            id.Value = StorageNames.IdBytes(operation.Id);
            at.Value = operation.CreatedAt.UnixNanoseconds;
            checksum.Value = operation.Checksum;
            data.Value = operation.Data;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await SqlCommands.ExecuteAsync(connection, transaction, "UPDATE users SET head = @head WHERE id = @user", cancellationToken, ("head", head), ("user", row.Id));
    }
}
