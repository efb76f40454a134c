using Dataans.Contracts;
using Dataans.Contracts.Operations;

namespace Dataans.Core.Storage;

public sealed partial class DataansStore
{
    /// <summary>Local operations not yet pushed, in the order they were written.</summary>
    internal Task<IReadOnlyList<LoggedOperation>> ReadOutboxAsync(int limit, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<LoggedOperation>>(
            batch => ReadLogged(batch, "SELECT seq, id, created_at, operation, digest FROM operations WHERE is_pushed = 0 ORDER BY seq LIMIT @limit", ("@limit", limit)),
            cancellationToken);

    internal Task MarkPushedAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken = default) =>
        WriteAsync(
            (writer, _) =>
            {
                foreach (var id in ids)
                {
                    writer.Batch.Execute("UPDATE operations SET is_pushed = 1 WHERE id = @id", ("@id", DbValue.Id(id)));
                }

                return 0;
            },
            cancellationToken);

    /// <summary>The whole log in the seed's order (time, then id), skipping the first <paramref name="skip"/>.</summary>
    internal Task<IReadOnlyList<LoggedOperation>> ReadLogAsync(long skip = 0, int limit = int.MaxValue, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<LoggedOperation>>(
            batch => ReadLogged(batch, "SELECT seq, id, created_at, operation, digest FROM operations ORDER BY created_at, id LIMIT @limit OFFSET @skip", ("@limit", limit), ("@skip", skip)),
            cancellationToken);

    /// <summary>How many operations the log holds, and how many wait to be pushed.</summary>
    public Task<(long Total, long Pending)> CountOperationsAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(
            batch => ((long)batch.Scalar("SELECT count(*) FROM operations")!, (long)batch.Scalar("SELECT count(*) FROM operations WHERE is_pushed = 0")!),
            cancellationToken);

    /// <summary>Resolves a full id or a unique prefix of one (hyphens optional) among visible objects.</summary>
    /// <exception cref="NotFoundException">Nothing, or more than one object, matches.</exception>
    public Task<Guid> ResolveIdAsync(ObjectKind kind, string idOrPrefix, CancellationToken cancellationToken = default)
    {
        if (Guid.TryParse(idOrPrefix, out var full))
        {
            return Task.FromResult(full);
        }

        var prefix = idOrPrefix.Replace("-", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        var label = kind == ObjectKind.Space ? "space" : "note";
        if (prefix.Length == 0 || prefix.Length > 32 || !prefix.All(Uri.IsHexDigit))
        {
            throw new NotFoundException($"'{idOrPrefix}' is not a {label} id.");
        }

        var sql = kind == ObjectKind.Space
            ? $"SELECT s.id FROM spaces s WHERE {VisibleSpace} AND hex(s.id) LIKE @prefix || '%' LIMIT 2"
            : $"SELECT n.id FROM notes n JOIN spaces s ON s.id = n.space_id WHERE {VisibleNote} AND {VisibleSpace} AND hex(n.id) LIKE @prefix || '%' LIMIT 2";
        return ReadAsync(
            batch =>
            {
                using var reader = batch.Reader(sql, ("@prefix", prefix));
                var matches = new List<Guid>();
                while (reader.Read())
                {
                    matches.Add(reader.GetId(0));
                }

                return matches.Count switch
                {
                    1 => matches[0],
                    0 => throw new NotFoundException($"No {label} id starts with '{idOrPrefix}'."),
                    _ => throw new NotFoundException($"More than one {label} id starts with '{idOrPrefix}'; type more of it."),
                };
            },
            cancellationToken);
    }

    private static List<LoggedOperation> ReadLogged(SqlBatch batch, string sql, params (string Name, object? Value)[] parameters)
    {
        var result = new List<LoggedOperation>();
        using var reader = batch.Reader(sql, parameters);
        while (reader.Read())
        {
            var record = new OperationRecord(reader.GetId(1), new Timestamp(reader.GetInt64(2)), OperationJson.Deserialize(reader.GetString(3)));
            result.Add(new LoggedOperation(reader.GetInt64(0), record, (byte[])reader.GetValue(4)));
        }

        return result;
    }
}

/// <summary>An operation as the local log holds it, with its seed digest.</summary>
internal sealed record LoggedOperation(long Sequence, OperationRecord Record, byte[] Digest);

public enum ObjectKind
{
    Space,
    Note,
}
