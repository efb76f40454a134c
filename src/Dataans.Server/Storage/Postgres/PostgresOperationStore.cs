using System.Data;
using System.Data.Common;
using Dataans.Contracts.Sync;
using Dataans.Server.Storage.Sql;
using Npgsql;
using NpgsqlTypes;

namespace Dataans.Server.Storage.Postgres;

/// <summary>
/// Operations in PostgreSQL, correct with several server instances: a write locks the user's row
/// (<c>SELECT … FOR UPDATE</c>), so the next push of that user waits for the commit. A push is one
/// statement in one round trip, the function <c>dataans_push</c> (migration 0005): it locks the row, finds
/// the operations already stored, appends the rest in one <c>unnest</c> insert, moves <c>head</c> and
/// notifies every instance's listeners (<c>pg_notify</c>, naming this instance as the origin: migration 0006),
/// and commits.
/// </summary>
internal sealed class PostgresOperationStore(PostgresDatabase database, TimeProvider timeProvider)
    : SqlOperationStore(database, timeProvider)
{
    private readonly PostgresDatabase _database = database;

    private protected override string LockUserRow => " FOR UPDATE";

    private protected override string AllFromOffset => "OFFSET @skip";

    private protected override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken);

    private protected override async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);

    public override async Task<PushOutcome> PushAsync(string user, IReadOnlyList<PushOperation> operations, CancellationToken cancellationToken = default)
    {
        var batch = PushBatch.Create(operations);
        var unique = batch.Unique;
        await using var push = _database.DataSource.CreateCommand(
            "SELECT r_epoch, r_head, r_accepted, r_known, r_conflict FROM dataans_push($1, $2, $3, $4, $5, $6, $7, $8, $9)");
        push.Parameters.Add(new NpgsqlParameter { Value = user });
        push.Parameters.Add(new NpgsqlParameter { Value = StorageNames.NewEpoch() });
        push.Parameters.Add(new NpgsqlParameter { Value = Clock.GetUtcNow().ToUnixTimeSeconds() });
        push.Parameters.Add(new NpgsqlParameter { Value = PostgresDatabase.ChangeChannel });
        push.Parameters.Add(Bytes(unique.Select(o => StorageNames.IdBytes(o.Id))));
        push.Parameters.Add(new NpgsqlParameter { Value = unique.Select(o => o.CreatedAt.UnixNanoseconds).ToArray() });
        push.Parameters.Add(Bytes(unique.Select(o => o.Checksum)));
        push.Parameters.Add(Bytes(unique.Select(o => o.Data)));
        push.Parameters.Add(new NpgsqlParameter { Value = _database.InstanceId });
        await using var reader = await push.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException("dataans_push returned no row.");
        }

        if (!reader.IsDBNull(4))
        {
            throw new OperationConflictException(StorageNames.IdFromBytes(reader.GetFieldValue<byte[]>(4)));
        }

        return new PushOutcome(reader.GetString(0), reader.GetInt64(1), reader.GetInt32(2), batch.InBatchDuplicates + reader.GetInt32(3));
    }

    private static NpgsqlParameter Bytes(IEnumerable<byte[]> values) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, Value = values.ToArray() };
}
