using System.Data.Common;

namespace Dataans.Server.Storage.Inbox;

/// <summary>
/// <see cref="IInboxStore"/> in plain SQL that SQLite (3.35+) and PostgreSQL both run (<c>@name</c>
/// parameters, <c>ON CONFLICT</c>, <c>RETURNING</c>); ids are 16 big-endian bytes. Thread-safe.
/// </summary>
internal sealed class SqlInboxStore(Func<CancellationToken, Task<DbConnection>> open) : IInboxStore
{
    public async Task<StoredInboxKey?> GetKeyAsync(string user, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        return await ReadKeyAsync(connection, null, user, cancellationToken);
    }

    public async Task<(StoredInboxKey Key, bool Created)> CreateKeyAsync(string user, byte[] publicKey, byte[] sealedPrivateKey, long nowUnixSeconds, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        await using var insert = Command(connection, null,
            "INSERT INTO inbox_keys (user_name, public_key, sealed_private_key, created_at) VALUES (@user, @public, @private, @at) ON CONFLICT (user_name) DO NOTHING",
            ("user", user), ("public", publicKey), ("private", sealedPrivateKey), ("at", nowUnixSeconds));
        var created = await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
        return ((await ReadKeyAsync(connection, null, user, cancellationToken))!, created);
    }

    public async Task<bool> SetSettingsAsync(string user, byte[] sealedSettings, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        await using var command = Command(connection, null, "UPDATE inbox_keys SET sealed_settings = @settings WHERE user_name = @user", ("user", user), ("settings", sealedSettings));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task AddLinkAsync(StoredCaptureLink link, byte[] tokenHash, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        await using var command = Command(connection, null,
            "INSERT INTO capture_links (id, user_name, token_hash, label, created_at, expires_at) VALUES (@id, @user, @hash, @label, @at, @expires)",
            ("id", Bytes(link.Id)), ("user", link.User), ("hash", tokenHash), ("label", link.Label), ("at", link.CreatedAtUnixSeconds), ("expires", link.ExpiresAtUnixSeconds));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StoredCaptureLink>> ListLinksAsync(string user, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        await using var command = Command(connection, null, LinkColumns + " WHERE user_name = @user ORDER BY created_at, id", ("user", user));
        return await ReadLinksAsync(command, cancellationToken);
    }

    public async Task<bool> RevokeLinkAsync(string user, Guid linkId, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        await using var command = Command(connection, null, "DELETE FROM capture_links WHERE user_name = @user AND id = @id", ("user", user), ("id", Bytes(linkId)));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<StoredCaptureLink?> FindLinkAsync(byte[] tokenHash, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        await using var command = Command(connection, null, LinkColumns + " WHERE token_hash = @hash", ("hash", tokenHash));
        return (await ReadLinksAsync(command, cancellationToken)).FirstOrDefault();
    }

    public async Task<(ItemWrite Outcome, long Seq)> AddItemAsync(string user, Guid linkId, Guid itemId, byte[] data, long nowUnixSeconds, InboxLimits limits, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Taking the next mark first locks the user's inbox (a row lock in PostgreSQL, the write lock in SQLite).
        await using var mark = Command(connection, transaction,
            "INSERT INTO inbox_marks (user_name, mark) VALUES (@user, 1) ON CONFLICT (user_name) DO UPDATE SET mark = inbox_marks.mark + 1 RETURNING mark",
            ("user", user));
        var seq = Convert.ToInt64(await mark.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);

        await using var existing = Command(connection, transaction, "SELECT seq FROM inbox_items WHERE user_name = @user AND id = @id", ("user", user), ("id", Bytes(itemId)));
        if (await existing.ExecuteScalarAsync(cancellationToken) is { } found and not DBNull)
        {
            await transaction.RollbackAsync(cancellationToken);
            return (ItemWrite.Duplicate, Convert.ToInt64(found, System.Globalization.CultureInfo.InvariantCulture));
        }

        var (count, total) = await CountAsync(connection, transaction, user, cancellationToken);
        if (count + 1 > limits.MaxItems || total + data.Length > limits.MaxBytes)
        {
            await transaction.RollbackAsync(cancellationToken);
            return (ItemWrite.Full, 0);
        }

        await using (var insert = Command(connection, transaction,
            "INSERT INTO inbox_items (user_name, id, seq, size, received_at, link_id, data) VALUES (@user, @id, @seq, @size, @at, @link, @data)",
            ("user", user), ("id", Bytes(itemId)), ("seq", seq), ("size", (long)data.Length), ("at", nowUnixSeconds), ("link", Bytes(linkId)), ("data", data)))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var used = Command(connection, transaction,
            "UPDATE capture_links SET items = items + 1, last_used_at = @at WHERE id = @link", ("at", nowUnixSeconds), ("link", Bytes(linkId))))
        {
            await used.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return (ItemWrite.Created, seq);
    }

    public async Task<InboxItemsPage> ListItemsAsync(string user, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT id, seq, size, received_at, link_id FROM inbox_items WHERE user_name = @user ORDER BY seq", ("user", user));
        var items = new List<StoredInboxItem>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(new StoredInboxItem(ToGuid((byte[])reader[0]), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3),
                    reader.IsDBNull(4) ? null : ToGuid((byte[])reader[4])));
            }
        }

        await using var mark = Command(connection, null, "SELECT mark FROM inbox_marks WHERE user_name = @user", ("user", user));
        var highest = await mark.ExecuteScalarAsync(cancellationToken) is { } value and not DBNull ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        return new InboxItemsPage(items, highest, items.Sum(item => item.Size));
    }

    public async Task<byte[]?> GetItemAsync(string user, Guid itemId, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        await using var command = Command(connection, null, "SELECT data FROM inbox_items WHERE user_name = @user AND id = @id", ("user", user), ("id", Bytes(itemId)));
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    public async Task<bool> DeleteItemAsync(string user, Guid itemId, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        await using var command = Command(connection, null, "DELETE FROM inbox_items WHERE user_name = @user AND id = @id", ("user", user), ("id", Bytes(itemId)));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<long> WaitingMarkAsync(string user, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        await using var command = Command(connection, null, "SELECT MAX(seq) FROM inbox_items WHERE user_name = @user", ("user", user));
        return await command.ExecuteScalarAsync(cancellationToken) is { } value and not DBNull ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    private const string LinkColumns = "SELECT id, user_name, label, created_at, expires_at, last_used_at, items FROM capture_links";

    private static async Task<List<StoredCaptureLink>> ReadLinksAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var links = new List<StoredCaptureLink>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            links.Add(new StoredCaptureLink(ToGuid((byte[])reader[0]), reader.GetString(1), reader.GetString(2), reader.GetInt64(3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4), reader.IsDBNull(5) ? null : reader.GetInt64(5), reader.GetInt64(6)));
        }

        return links;
    }

    private static async Task<StoredInboxKey?> ReadKeyAsync(DbConnection connection, DbTransaction? transaction, string user, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT public_key, sealed_private_key, created_at, sealed_settings FROM inbox_keys WHERE user_name = @user", ("user", user));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new StoredInboxKey((byte[])reader[0], (byte[])reader[1], reader.GetInt64(2), reader.IsDBNull(3) ? null : (byte[])reader[3]) : null;
    }

    private static async Task<(long Count, long Bytes)> CountAsync(DbConnection connection, DbTransaction transaction, string user, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM inbox_items WHERE user_name = @user", ("user", user));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (Convert.ToInt64(reader[0], System.Globalization.CultureInfo.InvariantCulture), Convert.ToInt64(reader[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static byte[] Bytes(Guid id) => id.ToByteArray(bigEndian: true);

    private static Guid ToGuid(byte[] bytes) => new(bytes, bigEndian: true);
}
