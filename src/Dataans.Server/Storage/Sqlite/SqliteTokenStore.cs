using Microsoft.Data.Sqlite;

namespace Dataans.Server.Storage.Sqlite;

internal sealed class SqliteTokenStore(SqliteDatabase database) : ITokenStore
{
    public async Task<bool> AddAsync(string name, byte[] tokenHash, long createdAtUnixSeconds, CancellationToken cancellationToken = default)
    {
        await database.MigrateAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO tokens (name, token_hash, created_at) VALUES ($name, $hash, $at) ON CONFLICT (name) DO NOTHING";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$hash", tokenHash);
        command.Parameters.AddWithValue("$at", createdAtUnixSeconds);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> RemoveAsync(string name, CancellationToken cancellationToken = default)
    {
        await database.MigrateAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM tokens WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<TokenUser>> ListAsync(CancellationToken cancellationToken = default)
    {
        await database.MigrateAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, created_at FROM tokens ORDER BY name";
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
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM tokens WHERE token_hash = $hash";
        command.Parameters.Add("$hash", SqliteType.Blob).Value = tokenHash;
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}
