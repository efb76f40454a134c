using System.Data.Common;

namespace Dataans.Server.Storage.Sql;

/// <summary>Token users and device tokens in either SQL backend (the same SQL runs on both). Thread-safe.</summary>
internal sealed class SqlTokenStore(ISqlDatabase database) : ITokenStore
{
    private const string InsertToken =
        "INSERT INTO user_tokens (user_name, label, token_hash, created_at) VALUES (@name, @label, @hash, @at) RETURNING id";

    public async Task<long?> AddUserAsync(string name, NewToken token, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var created = await SqlCommands.ExecuteAsync(connection, transaction,
            "INSERT INTO token_users (name, created_at) VALUES (@name, @at) ON CONFLICT (name) DO NOTHING", cancellationToken,
            ("name", name), ("at", token.CreatedAtUnixSeconds));
        if (created == 0)
        {
            return null;
        }

        var id = await InsertAsync(connection, transaction, name, token, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    public async Task<bool> RemoveUserAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await SqlCommands.ExecuteAsync(connection, transaction, "DELETE FROM user_tokens WHERE user_name = @name", cancellationToken, ("name", name));
        var removed = await SqlCommands.ExecuteAsync(connection, transaction, "DELETE FROM token_users WHERE name = @name", cancellationToken, ("name", name));
        await transaction.CommitAsync(cancellationToken);
        return removed == 1;
    }

    public async Task<IReadOnlyList<TokenUser>> ListUsersAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = SqlCommands.Create(connection, null, """
            SELECT u.name, u.created_at, count(t.id), max(t.last_used_at)
            FROM token_users u LEFT JOIN user_tokens t ON t.user_name = u.name
            GROUP BY u.name, u.created_at ORDER BY u.name
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var users = new List<TokenUser>();
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(new TokenUser(reader.GetString(0), reader.GetInt64(1), (int)reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetInt64(3)));
        }

        return users;
    }

    public async Task<long?> AddTokenAsync(string name, NewToken token, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await UserExistsAsync(connection, transaction, name, cancellationToken))
        {
            return null;
        }

        var id = await InsertAsync(connection, transaction, name, token, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    public async Task<IReadOnlyList<DeviceToken>?> ListTokensAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (!await UserExistsAsync(connection, null, name, cancellationToken))
        {
            return null;
        }

        await using var command = SqlCommands.Create(connection, null,
            "SELECT id, label, created_at, last_used_at FROM user_tokens WHERE user_name = @name ORDER BY id", ("name", name));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var tokens = new List<DeviceToken>();
        while (await reader.ReadAsync(cancellationToken))
        {
            tokens.Add(new DeviceToken(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2),
                reader.IsDBNull(3) ? null : reader.GetInt64(3)));
        }

        return tokens;
    }

    public async Task<string?> RevokeAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = SqlCommands.Create(connection, null, "DELETE FROM user_tokens WHERE id = @id RETURNING user_name", ("id", id));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<TokenMatch?> FindAsync(byte[] tokenHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = SqlCommands.Create(connection, null,
            "SELECT user_name, id, last_used_at FROM user_tokens WHERE token_hash = @hash", ("hash", tokenHash));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new TokenMatch(reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2))
            : null;
    }

    public async Task MarkUsedAsync(long id, long atUnixSeconds, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await SqlCommands.ExecuteAsync(connection, null, "UPDATE user_tokens SET last_used_at = @at WHERE id = @id", cancellationToken,
            ("at", atUnixSeconds), ("id", id));
    }

    private static async Task<bool> UserExistsAsync(DbConnection connection, DbTransaction? transaction, string name, CancellationToken cancellationToken)
    {
        await using var command = SqlCommands.Create(connection, transaction, "SELECT count(*) FROM token_users WHERE name = @name", ("name", name));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static async Task<long> InsertAsync(DbConnection connection, DbTransaction transaction, string name, NewToken token,
        CancellationToken cancellationToken)
    {
        await using var command = SqlCommands.Create(connection, transaction, InsertToken,
            ("name", name), ("label", token.Label), ("hash", token.Hash), ("at", token.CreatedAtUnixSeconds));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
