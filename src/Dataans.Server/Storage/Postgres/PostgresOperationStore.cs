using Dataans.Contracts.Sync;
using Npgsql;
using NpgsqlTypes;

namespace Dataans.Server.Storage.Postgres;

/// <summary>
/// Operations in PostgreSQL, correct with several server instances: a push locks the user's row
/// (<c>SELECT … FOR UPDATE</c>), assigns <c>seq = head+1…</c>, moves <c>head</c> and notifies listeners, all
/// in one transaction. The next push of that user waits for the commit, so seq order is commit order
/// and a reader bounded by the committed head never sees a gap.
/// </summary>
internal sealed partial class PostgresOperationStore(PostgresDatabase database, TimeProvider timeProvider) : IOperationStore
{
    public Task InitializeAsync(CancellationToken cancellationToken = default) => database.MigrateAsync(cancellationToken);

    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("SELECT 1 FROM users LIMIT 1");
        await command.ExecuteScalarAsync(cancellationToken);
        return true;
    }

    public async Task<UserState> GetUserAsync(string user, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        var row = await EnsureUserAsync(connection, null, user, forUpdate: false, cancellationToken);
        return new UserState(row.Epoch, row.Head);
    }

    public async Task<PushOutcome> PushAsync(string user, IReadOnlyList<PushOperation> operations, CancellationToken cancellationToken = default)
    {
        var batch = PushBatch.Create(operations);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var row = await EnsureUserAsync(connection, transaction, user, forUpdate: true, cancellationToken);

        var known = new Dictionary<Guid, byte[]>();
        if (batch.Unique.Count > 0)
        {
            await using var find = new NpgsqlCommand("SELECT id, checksum FROM operations WHERE user_id = @user AND id = ANY(@ids)", connection, transaction);
            find.Parameters.AddWithValue("user", row.Id);
            find.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Bytea)
            {
                Value = batch.Unique.Select(o => StorageNames.IdBytes(o.Id)).ToArray(),
            });
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                known[StorageNames.IdFromBytes(reader.GetFieldValue<byte[]>(0))] = reader.GetFieldValue<byte[]>(1);
            }
        }

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

        var head = row.Head;
        if (fresh.Count > 0)
        {
            var newHead = head + fresh.Count;
            await using var write = new NpgsqlBatch(connection, transaction);
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
            head = newHead;
        }

        await transaction.CommitAsync(cancellationToken);
        return new PushOutcome(row.Epoch, head, fresh.Count, batch.InBatchDuplicates + known.Count);
    }

    public async Task<UserVerifier?> GetVerifierAsync(string user, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("SELECT verifier, v1_user_id FROM users WHERE name = @name AND verifier IS NOT NULL");
        command.Parameters.AddWithValue("name", user);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new UserVerifier(StorageNames.IdFromBytes(reader.GetFieldValue<byte[]>(1)), reader.GetString(0))
            : null;
    }

    public async Task<VerifierWrite> SetVerifierAsync(string user, string verifier, Guid? v1Id, bool replace, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var row = await EnsureUserAsync(connection, transaction, user, forUpdate: true, cancellationToken);
        var outcome = VerifierWrites.Decide(row.Verifier, verifier, replace);
        if (outcome is VerifierWrite.Created or VerifierWrite.Replaced)
        {
            await using var update = new NpgsqlCommand("UPDATE users SET verifier = @v, v1_user_id = @v1 WHERE id = @user", connection, transaction);
            update.Parameters.AddWithValue("v", verifier);
            update.Parameters.AddWithValue("v1", StorageNames.IdBytes(v1Id ?? Guid.NewGuid()));
            update.Parameters.AddWithValue("user", row.Id);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return outcome;
    }

    public Task<string> RotateEpochAsync(string user, CancellationToken cancellationToken = default) =>
        ChangeEpochAsync(user, "UPDATE users SET epoch = @epoch WHERE id = @user", cancellationToken);

    public Task<string> ResetAsync(string user, CancellationToken cancellationToken = default) =>
        ChangeEpochAsync(user, """
            DELETE FROM operations WHERE user_id = @user;
            UPDATE users SET epoch = @epoch, head = 0, verifier = NULL, v1_user_id = NULL WHERE id = @user;
            """, cancellationToken);

    private async Task<string> ChangeEpochAsync(string user, string sql, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var row = await EnsureUserAsync(connection, transaction, user, forUpdate: true, cancellationToken);
        var epoch = StorageNames.NewEpoch();
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("epoch", epoch);
        command.Parameters.AddWithValue("user", row.Id);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return epoch;
    }

    private async Task<UserRow> EnsureUserAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string user, bool forUpdate,
        CancellationToken cancellationToken)
    {
        var select = "SELECT id, epoch, head, verifier FROM users WHERE name = @name" + (forUpdate ? " FOR UPDATE" : "");
        for (var attempt = 0; ; attempt++)
        {
            await using (var command = new NpgsqlCommand(select, connection, transaction))
            {
                command.Parameters.AddWithValue("name", user);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                {
                    return new UserRow(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetString(3));
                }
            }

            if (attempt > 0)
            {
                throw new InvalidOperationException("The user row vanished while it was being created.");
            }

            await using var insert = new NpgsqlCommand(
                "INSERT INTO users (name, epoch, head, created_at) VALUES (@name, @epoch, 0, @at) ON CONFLICT (name) DO NOTHING",
                connection, transaction);
            insert.Parameters.AddWithValue("name", user);
            insert.Parameters.AddWithValue("epoch", StorageNames.NewEpoch());
            insert.Parameters.AddWithValue("at", timeProvider.GetUtcNow().ToUnixTimeSeconds());
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private sealed record UserRow(long Id, string Epoch, long Head, string? Verifier);
}
