namespace Dataans.Server.Storage.Sql;

/// <summary>Token-mode users in either SQL backend (the same SQL runs on both). Thread-safe.</summary>
internal sealed class SqlTokenStore(ISqlDatabase database) : ITokenStore
{
    public async Task<bool> AddAsync(string name, byte[] tokenHash, long createdAtUnixSeconds, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await SqlCommands.ExecuteAsync(connection, null,
            "INSERT INTO tokens (name, token_hash, created_at) VALUES (@name, @hash, @at) ON CONFLICT (name) DO NOTHING", cancellationToken,
            ("name", name), ("hash", tokenHash), ("at", createdAtUnixSeconds)) == 1;
    }

    public async Task<bool> RemoveAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await SqlCommands.ExecuteAsync(connection, null, "DELETE FROM tokens WHERE name = @name", cancellationToken, ("name", name)) == 1;
    }

    public async Task<IReadOnlyList<TokenUser>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = SqlCommands.Create(connection, null, "SELECT name, created_at FROM tokens ORDER BY name");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var users = new List<TokenUser>();
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(new TokenUser(reader.GetString(0), reader.GetInt64(1)));
        }

        return users;
    }

    public async Task<string?> FindAsync(byte[] tokenHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = SqlCommands.Create(connection, null, "SELECT name FROM tokens WHERE token_hash = @hash", ("hash", tokenHash));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}
