using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Dataans.Contracts;

namespace Dataans.Server.Storage.Sql;

internal abstract partial class SqlOperationStore
{
    private const string Columns = "seq, id, created_at, data, checksum";

    public async Task<OperationPage> ReadAfterAsync(string user, long afterSeq, int limit, long maxBytes, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await EnsureUserAsync(connection, null, user, lockRow: false, cancellationToken);
        if (afterSeq >= row.Head)
        {
            return new OperationPage(row.Epoch, row.Head, [], false);
        }

        // Bounded by the committed head that was just read: every seq up to it is committed, so no gap.
        await using var command = SqlCommands.Create(connection, null,
            $"SELECT {Columns} FROM operations WHERE user_id = @user AND seq > @after AND seq <= @head ORDER BY seq LIMIT @limit",
            ("user", row.Id), ("after", afterSeq), ("head", row.Head), ("limit", limit));
        var operations = await ReadPageAsync(command, maxBytes, cancellationToken);
        return new OperationPage(row.Epoch, row.Head, operations, operations.Count > 0 && operations[^1].Seq < row.Head);
    }

    public async Task<Guid?> FindOperationIdAsync(string user, long seq, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = SqlCommands.Create(connection, null,
            "SELECT o.id FROM operations o JOIN users u ON u.id = o.user_id WHERE u.name = @name AND o.seq = @seq", ("name", user), ("seq", seq));
        return await command.ExecuteScalarAsync(cancellationToken) is byte[] id ? StorageNames.IdFromBytes(id) : null;
    }

    public async Task<OperationPage> ReadOrderedAsync(string user, long skip, int limit, long maxBytes, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await EnsureUserAsync(connection, null, user, lockRow: false, cancellationToken);
        await using var transaction = await BeginSnapshotAsync(connection, cancellationToken);
        var row = await EnsureUserAsync(connection, transaction, user, lockRow: false, cancellationToken);
        await using var command = SqlCommands.Create(connection, transaction,
            $"SELECT {Columns} FROM operations WHERE user_id = @user ORDER BY created_at, id LIMIT @limit OFFSET @skip",
            ("user", row.Id), ("skip", skip), ("limit", limit));
        var operations = await ReadPageAsync(command, maxBytes, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new OperationPage(row.Epoch, row.Head, operations, operations.Count > 0 && skip + operations.Count < row.Head);
    }

    public async IAsyncEnumerable<StoredOperation> StreamOrderedAsync(string user, long skip, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await EnsureUserAsync(connection, null, user, lockRow: false, cancellationToken);
        await using var transaction = await BeginSnapshotAsync(connection, cancellationToken);
        await using var command = SqlCommands.Create(connection, transaction,
            $"SELECT {Columns} FROM operations WHERE user_id = @user ORDER BY created_at, id {AllFromOffset}", ("user", row.Id), ("skip", skip));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ReadOperation(reader);
        }
    }

    public async Task<BlockList> ComputeBlocksAsync(string user, int itemsPerBlock, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await EnsureUserAsync(connection, null, user, lockRow: false, cancellationToken);
        await using var transaction = await BeginSnapshotAsync(connection, cancellationToken);
        var row = await EnsureUserAsync(connection, transaction, user, lockRow: false, cancellationToken);
        await using var command = SqlCommands.Create(connection, transaction,
            "SELECT checksum FROM operations WHERE user_id = @user ORDER BY created_at, id", ("user", row.Id));
        using var hasher = new BlockHasher(itemsPerBlock);
        await using (var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken))
        {
            var checksum = new byte[32];
            while (await reader.ReadAsync(cancellationToken))
            {
                var length = (int)reader.GetBytes(0, 0, checksum, 0, checksum.Length);
                hasher.Add(checksum.AsSpan(0, length));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new BlockList(row.Epoch, row.Head, hasher.Count, hasher.Finish());
    }

    private static async Task<List<StoredOperation>> ReadPageAsync(DbCommand command, long maxBytes, CancellationToken cancellationToken)
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

    private static StoredOperation ReadOperation(DbDataReader reader) => new(
        reader.GetInt64(0),
        StorageNames.IdFromBytes(reader.GetFieldValue<byte[]>(1)),
        new Timestamp(reader.GetInt64(2)),
        reader.GetFieldValue<byte[]>(3),
        reader.GetFieldValue<byte[]>(4));
}
