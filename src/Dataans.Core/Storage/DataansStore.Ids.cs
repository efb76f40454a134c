namespace Dataans.Core.Storage;

public sealed partial class DataansStore
{
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
            ? $"SELECT s.id FROM spaces s WHERE {NoteReader.VisibleSpace} AND hex(s.id) LIKE @prefix || '%' LIMIT 2"
            : $"SELECT n.id FROM notes n JOIN spaces s ON s.id = n.space_id WHERE {NoteReader.VisibleNote} AND {NoteReader.VisibleSpace} AND hex(n.id) LIKE @prefix || '%' LIMIT 2";
        return Transactions.ReadAsync(
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
}

/// <summary>The kinds of object an id can be resolved for.</summary>
public enum ObjectKind
{
    /// <summary>A space id.</summary>
    Space,
    /// <summary>A note id.</summary>
    Note,
}
