using System.Data;
using System.Data.Common;
using Dataans.Contracts.Sync;
using Dataans.Server.Storage.Sql;
using Npgsql;
using NpgsqlTypes;

namespace Dataans.Server.Storage.Postgres;

/// <summary>
/// Operations in PostgreSQL, correct with several server instances: a write locks the user's row
/// (<c>SELECT … FOR UPDATE</c>), so the next push of that user waits for the commit; a push writes its
/// operations in one <c>unnest</c> insert, moves <c>head</c> and notifies every instance's listeners
/// (<c>pg_notify</c>) in one round trip.
/// </summary>
internal sealed class PostgresOperationStore(PostgresDatabase database, TimeProvider timeProvider)
    : SqlOperationStore(database, timeProvider)
{
    private protected override string LockUserRow => " FOR UPDATE";

    private protected override string AllFromOffset => "OFFSET @skip";

    private protected override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken);

    private protected override async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);

    private protected override async Task<Dictionary<Guid, byte[]>> FindChecksumsAsync(DbConnection connection, DbTransaction transaction, long userId,
        IReadOnlyList<PushOperation> operations, CancellationToken cancellationToken)
    {
        var known = new Dictionary<Guid, byte[]>();
        await using var find = new NpgsqlCommand("SELECT id, checksum FROM operations WHERE user_id = @user AND id = ANY(@ids)",
            (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        find.Parameters.AddWithValue("user", userId);
        find.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Bytea)
        {
            Value = operations.Select(o => StorageNames.IdBytes(o.Id)).ToArray(),
        });
        await using var reader = await find.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            known[StorageNames.IdFromBytes(reader.GetFieldValue<byte[]>(0))] = reader.GetFieldValue<byte[]>(1);
        }

        return known;
    }

    private protected override async Task AppendAsync(DbConnection connection, DbTransaction transaction, string user, UserRow row,
        IReadOnlyList<PushOperation> fresh, CancellationToken cancellationToken)
    {
        var head = row.Head;
        var newHead = head + fresh.Count;
        await using var write = new NpgsqlBatch((NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        var insert = new NpgsqlBatchCommand("""
            INSERT INTO operations (user_id, seq, id, created_at, checksum, data)
            SELECT $1, s, i, c, k, d FROM unnest($2::bigint[], $3::bytea[], $4::bigint[], $5::bytea[], $6::bytea[]) AS t(s, i, c, k, d)
            """);
        insert.Parameters.Add(new NpgsqlParameter { Value = row.Id });
        insert.Parameters.Add(new NpgsqlParameter { Value = Enumerable.Range(1, fresh.Count).Select(i => head + i).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, Value = fresh.Select(o => StorageNames.IdBytes(o.Id)).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = fresh.Select(o => o.CreatedAt.UnixNanoseconds).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, Value = fresh.Select(o => o.Checksum).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, Value = fresh.Select(o => o.Data).ToArray() });
        write.BatchCommands.Add(insert);
        var update = new NpgsqlBatchCommand("UPDATE users SET head = $1 WHERE id = $2");
        update.Parameters.Add(new NpgsqlParameter { Value = newHead });
        update.Parameters.Add(new NpgsqlParameter { Value = row.Id });
        write.BatchCommands.Add(update);
        var notify = new NpgsqlBatchCommand("SELECT pg_notify($1, $2)");
        notify.Parameters.Add(new NpgsqlParameter { Value = PostgresDatabase.ChangeChannel });
        notify.Parameters.Add(new NpgsqlParameter { Value = PostgresChangeListener.Payload(newHead, row.Epoch, user) });
        write.BatchCommands.Add(notify);
        await write.ExecuteNonQueryAsync(cancellationToken);
    }
}
