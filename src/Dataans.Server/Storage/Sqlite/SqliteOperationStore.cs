using Dataans.Contracts.Sync;
using Microsoft.Data.Sqlite;

namespace Dataans.Server.Storage.Sqlite;

/// <summary>
/// Operations in the embedded SQLite file. Pushes run in <c>BEGIN IMMEDIATE</c> transactions, so SQLite's
/// single writer lock serializes them and <c>seq</c> is gap-free in commit order.
/// </summary>
internal sealed partial class SqliteOperationStore(SqliteDatabase database, TimeProvider timeProvider) : IOperationStore
{
    public Task InitializeAsync(CancellationToken cancellationToken = default) => database.MigrateAsync(cancellationToken);

    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM users WHERE id = 0";
        await command.ExecuteScalarAsync(cancellationToken);
        return true;
    }

    public async Task<UserState> GetUserAsync(string user, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await EnsureUserAsync(connection, null, user, cancellationToken);
        return new UserState(row.Epoch, row.Head);
    }

    public async Task<PushOutcome> PushAsync(string user, IReadOnlyList<PushOperation> operations, CancellationToken cancellationToken = default)
    {
        var batch = PushBatch.Create(operations);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var row = await EnsureUserAsync(connection, transaction, user, cancellationToken);

        var fresh = new List<PushOperation>(batch.Unique.Count);
        var duplicates = batch.InBatchDuplicates;
        await using (var find = connection.CreateCommand())
        {
            find.Transaction = transaction;
            find.CommandText = "SELECT checksum FROM operations WHERE user_id = $user AND id = $id";
            find.Parameters.AddWithValue("$user", row.Id);
            var idParameter = find.Parameters.Add("$id", SqliteType.Blob);
            foreach (var operation in batch.Unique)
            {
                idParameter.Value = StorageNames.IdBytes(operation.Id);
                if (await find.ExecuteScalarAsync(cancellationToken) is byte[] existing)
                {
                    if (!existing.AsSpan().SequenceEqual(operation.Checksum))
                    {
                        throw new OperationConflictException(operation.Id);
                    }

                    duplicates++;
                }
                else
                {
                    fresh.Add(operation);
                }
            }
        }

        var head = row.Head;
        if (fresh.Count > 0)
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO operations (user_id, seq, id, created_at, checksum, data)
                VALUES ($user, $seq, $id, $at, $checksum, $data)
                """;
            insert.Parameters.AddWithValue("$user", row.Id);
            var seq = insert.Parameters.Add("$seq", SqliteType.Integer);
            var id = insert.Parameters.Add("$id", SqliteType.Blob);
            var at = insert.Parameters.Add("$at", SqliteType.Integer);
            var checksum = insert.Parameters.Add("$checksum", SqliteType.Blob);
            var data = insert.Parameters.Add("$data", SqliteType.Blob);
            foreach (var operation in fresh)
            {
                seq.Value = ++head;
                id.Value = StorageNames.IdBytes(operation.Id);
                at.Value = operation.CreatedAt.UnixNanoseconds;
                checksum.Value = operation.Checksum;
                data.Value = operation.Data;
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await ExecuteAsync(connection, transaction, "UPDATE users SET head = $head WHERE id = $user",
                cancellationToken, ("$head", head), ("$user", row.Id));
        }

        await transaction.CommitAsync(cancellationToken);
        return new PushOutcome(row.Epoch, head, fresh.Count, duplicates);
    }

    public async Task<UserVerifier?> GetVerifierAsync(string user, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT verifier, v1_user_id FROM users WHERE name = $name AND verifier IS NOT NULL";
        command.Parameters.AddWithValue("$name", user);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new UserVerifier(StorageNames.IdFromBytes((byte[])reader.GetValue(1)), reader.GetString(0))
            : null;
    }

    public async Task<VerifierWrite> SetVerifierAsync(string user, string verifier, Guid? v1Id, bool replace, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var row = await EnsureUserAsync(connection, transaction, user, cancellationToken);
        string? current;
        await using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT verifier FROM users WHERE id = $user";
            read.Parameters.AddWithValue("$user", row.Id);
            current = await read.ExecuteScalarAsync(cancellationToken) as string;
        }

        var outcome = VerifierWrites.Decide(current, verifier, replace);
        if (outcome is VerifierWrite.Created or VerifierWrite.Replaced)
        {
            await ExecuteAsync(connection, transaction, "UPDATE users SET verifier = $v, v1_user_id = $v1 WHERE id = $user",
                cancellationToken, ("$v", verifier), ("$v1", StorageNames.IdBytes(v1Id ?? Guid.NewGuid())), ("$user", row.Id));
        }

        await transaction.CommitAsync(cancellationToken);
        return outcome;
    }

    public async Task<string> RotateEpochAsync(string user, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var row = await EnsureUserAsync(connection, transaction, user, cancellationToken);
        var epoch = StorageNames.NewEpoch();
        await ExecuteAsync(connection, transaction, "UPDATE users SET epoch = $e WHERE id = $user", cancellationToken, ("$e", epoch), ("$user", row.Id));
        await transaction.CommitAsync(cancellationToken);
        return epoch;
    }

    public async Task<string> ResetAsync(string user, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var row = await EnsureUserAsync(connection, transaction, user, cancellationToken);
        var epoch = StorageNames.NewEpoch();
        await ExecuteAsync(connection, transaction, "DELETE FROM operations WHERE user_id = $user", cancellationToken, ("$user", row.Id));
        await ExecuteAsync(connection, transaction,
            "UPDATE users SET epoch = $e, head = 0, verifier = NULL, v1_user_id = NULL WHERE id = $user",
            cancellationToken, ("$e", epoch), ("$user", row.Id));
        await transaction.CommitAsync(cancellationToken);
        return epoch;
    }

    private async Task<UserRow> EnsureUserAsync(SqliteConnection connection, SqliteTransaction? transaction, string user, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using (var select = connection.CreateCommand())
            {
                select.Transaction = transaction;
                select.CommandText = "SELECT id, epoch, head FROM users WHERE name = $name";
                select.Parameters.AddWithValue("$name", user);
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                {
                    return new UserRow(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2));
                }
            }

            if (attempt > 0)
            {
                throw new InvalidOperationException("The user row vanished while it was being created.");
            }

            await ExecuteAsync(connection, transaction,
                "INSERT INTO users (name, epoch, head, created_at) VALUES ($name, $epoch, 0, $at) ON CONFLICT (name) DO NOTHING",
                cancellationToken, ("$name", user), ("$epoch", StorageNames.NewEpoch()), ("$at", timeProvider.GetUtcNow().ToUnixTimeSeconds()));
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql,
        CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record UserRow(long Id, string Epoch, long Head);
}
