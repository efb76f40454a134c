using System.Data.Common;
using Dataans.Contracts.Sync;

namespace Dataans.Server.Storage.Sql;

/// <summary>
/// The operation store both SQL backends share: the schema, the user row, verifier and epoch writes,
/// and every read. A backend supplies what differs: the push, how a write takes its per-user lock and
/// how a read gets a snapshot. Thread-safe.
/// </summary>
/// <remarks>
/// A push reads the user's row under the backend's write lock, assigns <c>seq = head+1…</c> and moves
/// <c>head</c> in the same transaction, so seq order is commit order; readers bound themselves by the
/// committed head they read, so they never see a gap.
/// </remarks>
internal abstract partial class SqlOperationStore(ISqlDatabase database, TimeProvider timeProvider) : IOperationStore
{
    private protected ISqlDatabase Database => database;

    private protected TimeProvider Clock => timeProvider;

    /// <summary>Appended to the user-row select inside a write transaction (<c>FOR UPDATE</c> where rows lock).</summary>
    private protected abstract string LockUserRow { get; }

    /// <summary>Everything from an offset on: <c>LIMIT -1 OFFSET @skip</c> or <c>OFFSET @skip</c>.</summary>
    private protected abstract string AllFromOffset { get; }

    /// <summary>A transaction that serializes this user's writes (with <see cref="LockUserRow"/>).</summary>
    private protected abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>A read-only transaction whose statements all see one snapshot.</summary>
    private protected abstract Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken);

    public Task InitializeAsync(CancellationToken cancellationToken = default) => database.MigrateAsync(cancellationToken);

    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = SqlCommands.Create(connection, null, "SELECT count(*) FROM users WHERE id = 0");
        await command.ExecuteScalarAsync(cancellationToken);
        return true;
    }

    public async Task<UserState?> FindUserAsync(string user, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = SqlCommands.Create(connection, null, "SELECT epoch, head FROM users WHERE name = @name", ("name", user));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new UserState(reader.GetString(0), reader.GetInt64(1)) : null;
    }

    public async Task<IReadOnlyList<StoredUser>> ListUsersAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = SqlCommands.Create(connection, null, "SELECT name, created_at, head FROM users ORDER BY name");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var users = new List<StoredUser>();
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(new StoredUser(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        }

        return users;
    }

    public async Task<UserState> GetUserAsync(string user, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await EnsureUserAsync(connection, null, user, lockRow: false, cancellationToken);
        return new UserState(row.Epoch, row.Head);
    }

    /// <summary>Stores the new operations under the user's write lock (see <see cref="IOperationStore.PushAsync"/>).</summary>
    public abstract Task<PushOutcome> PushAsync(string user, IReadOnlyList<PushOperation> operations, CancellationToken cancellationToken = default);

    public async Task<UserVerifier?> GetVerifierAsync(string user, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = SqlCommands.Create(connection, null,
            "SELECT verifier, v1_user_id FROM users WHERE name = @name AND verifier IS NOT NULL", ("name", user));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new UserVerifier(StorageNames.IdFromBytes(reader.GetFieldValue<byte[]>(1)), reader.GetString(0))
            : null;
    }

    public async Task<VerifierWrite> SetVerifierAsync(string user, string verifier, Guid? v1Id, bool replace, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var row = await EnsureUserAsync(connection, transaction, user, lockRow: true, cancellationToken);
        var outcome = VerifierWrites.Decide(row.Verifier, verifier, replace);
        if (outcome is VerifierWrite.Created or VerifierWrite.Replaced)
        {
            await SqlCommands.ExecuteAsync(connection, transaction, "UPDATE users SET verifier = @v, v1_user_id = @v1 WHERE id = @user", cancellationToken,
                ("v", verifier), ("v1", StorageNames.IdBytes(v1Id ?? Guid.NewGuid())), ("user", row.Id));
        }

        await transaction.CommitAsync(cancellationToken);
        return outcome;
    }

    public async Task<string> RotateEpochAsync(string user, CancellationToken cancellationToken = default) =>
        (await ChangeEpochAsync(user, [RotateEpochStatement], _ => true, cancellationToken))!;

    public Task<string?> RotateEpochIfStillAsync(string user, string epoch, CancellationToken cancellationToken = default) =>
        ChangeEpochAsync(user, [RotateEpochStatement], row => row.Epoch == epoch, cancellationToken);

    public async Task<string> ResetAsync(string user, CancellationToken cancellationToken = default) =>
        (await ChangeEpochAsync(user,
        [
            "DELETE FROM operations WHERE user_id = @user",
            "UPDATE users SET epoch = @epoch, head = 0, verifier = NULL, v1_user_id = NULL WHERE id = @user",
        ], _ => true, cancellationToken))!;

    private const string RotateEpochStatement = "UPDATE users SET epoch = @epoch WHERE id = @user";

    /// <summary>Runs <paramref name="statements"/> with a new epoch under the user's write lock when <paramref name="when"/> holds for the locked row; returns that epoch, or null.</summary>
    private async Task<string?> ChangeEpochAsync(string user, string[] statements, Func<UserRow, bool> when, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var row = await EnsureUserAsync(connection, transaction, user, lockRow: true, cancellationToken);
        if (!when(row))
        {
            return null; // the transaction rolls back on dispose
        }

        var epoch = StorageNames.NewEpoch();
        foreach (var sql in statements)
        {
            await SqlCommands.ExecuteAsync(connection, transaction, sql, cancellationToken, ("epoch", epoch), ("user", row.Id));
        }

        await transaction.CommitAsync(cancellationToken);
        return epoch;
    }

    /// <summary>The user's row, created with a new epoch on first use; <paramref name="lockRow"/> inside a write transaction.</summary>
    private protected async Task<UserRow> EnsureUserAsync(DbConnection connection, DbTransaction? transaction, string user, bool lockRow,
        CancellationToken cancellationToken)
    {
        var select = "SELECT id, epoch, head, verifier FROM users WHERE name = @name" + (lockRow ? LockUserRow : "");
        for (var attempt = 0; ; attempt++)
        {
            await using (var command = SqlCommands.Create(connection, transaction, select, ("name", user)))
            {
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

            await SqlCommands.ExecuteAsync(connection, transaction,
                "INSERT INTO users (name, epoch, head, created_at) VALUES (@name, @epoch, 0, @at) ON CONFLICT (name) DO NOTHING", cancellationToken,
                ("name", user), ("epoch", StorageNames.NewEpoch()), ("at", timeProvider.GetUtcNow().ToUnixTimeSeconds()));
        }
    }

    private protected sealed record UserRow(long Id, string Epoch, long Head, string? Verifier);
}
