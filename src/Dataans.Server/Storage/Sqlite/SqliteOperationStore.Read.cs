using System.Runtime.CompilerServices;
using Dataans.Contracts;
using Microsoft.Data.Sqlite;

namespace Dataans.Server.Storage.Sqlite;

internal sealed partial class SqliteOperationStore
{
    private const string Columns = "seq, id, created_at, data, checksum";

    public async Task<OperationPage> ReadAfterAsync(string user, long afterSeq, int limit, long maxBytes, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await EnsureUserAsync(connection, null, user, cancellationToken);
        if (afterSeq >= row.Head)
        {
            return new OperationPage(row.Epoch, row.Head, [], false);
        }

        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM operations WHERE user_id = $user AND seq > $after AND seq <= $head ORDER BY seq LIMIT $limit";
        command.Parameters.AddWithValue("$user", row.Id);
        command.Parameters.AddWithValue("$after", afterSeq);
        command.Parameters.AddWithValue("$head", row.Head);
        command.Parameters.AddWithValue("$limit", limit);
        var operations = await ReadPageAsync(command, maxBytes, cancellationToken);
        var hasMore = operations.Count > 0 && operations[^1].Seq < row.Head;
        return new OperationPage(row.Epoch, row.Head, operations, hasMore);
    }

    public async Task<OperationPage> ReadOrderedAsync(string user, long skip, int limit, long maxBytes, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await EnsureUserAsync(connection, null, user, cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        row = await EnsureUserAsync(connection, transaction, user, cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {Columns} FROM operations WHERE user_id = $user ORDER BY created_at, id LIMIT $limit OFFSET $skip";
        command.Parameters.AddWithValue("$user", row.Id);
        command.Parameters.AddWithValue("$skip", skip);
        command.Parameters.AddWithValue("$limit", limit);
        var operations = await ReadPageAsync(command, maxBytes, cancellationToken);
        var hasMore = skip + operations.Count < row.Head && operations.Count > 0;
        return new OperationPage(row.Epoch, row.Head, operations, hasMore);
    }

    public async IAsyncEnumerable<StoredOperation> StreamOrderedAsync(string user, long skip, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await EnsureUserAsync(connection, null, user, cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {Columns} FROM operations WHERE user_id = $user ORDER BY created_at, id LIMIT -1 OFFSET $skip";
        command.Parameters.AddWithValue("$user", row.Id);
        command.Parameters.AddWithValue("$skip", skip);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ReadOperation(reader);
        }
    }

    public async Task<BlockList> ComputeBlocksAsync(string user, int itemsPerBlock, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await EnsureUserAsync(connection, null, user, cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        var row = await EnsureUserAsync(connection, transaction, user, cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT checksum FROM operations WHERE user_id = $user ORDER BY created_at, id";
        command.Parameters.AddWithValue("$user", row.Id);
        using var hasher = new BlockHasher(itemsPerBlock);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var checksum = new byte[32];
        while (await reader.ReadAsync(cancellationToken))
        {
            var length = (int)reader.GetBytes(0, 0, checksum, 0, checksum.Length);
            hasher.Add(checksum.AsSpan(0, length));
        }

        return new BlockList(row.Epoch, row.Head, hasher.Count, hasher.Finish());
    }

    private static async Task<List<StoredOperation>> ReadPageAsync(SqliteCommand command, long maxBytes, CancellationToken cancellationToken)
    {
        var operations = new List<StoredOperation>();
        long bytes = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (bytes < maxBytes && await reader.ReadAsync(cancellationToken))
        {
            var operation = ReadOperation(reader);
            bytes += operation.Data.Length;
            operations.Add(operation);
        }

        return operations;
    }

    private static StoredOperation ReadOperation(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        StorageNames.IdFromBytes((byte[])reader.GetValue(1)),
        new Timestamp(reader.GetInt64(2)),
        (byte[])reader.GetValue(3),
        (byte[])reader.GetValue(4));
}
