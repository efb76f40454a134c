namespace Dataans.Core.Storage;

public sealed partial class DataansStore
{
    /// <summary>
    /// Resolves a full id or a unique prefix of one (hyphens optional) among visible objects; a space also by its
    /// name, in any case (what matches either way must be one space).
    /// </summary>
    /// <exception cref="NotFoundException">Nothing, or more than one object, matches.</exception>
    public Task<Guid> ResolveIdAsync(ObjectKind kind, string idOrPrefix, CancellationToken cancellationToken = default)
    {
        if (Guid.TryParse(idOrPrefix, out var full))
        {
            return Task.FromResult(full);
        }

        var prefix = idOrPrefix.Replace("-", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        var isPrefix = prefix.Length is > 0 and <= 32 && prefix.All(Uri.IsHexDigit);
        if (kind == ObjectKind.Space)
        {
            return ResolveSpaceAsync(idOrPrefix, isPrefix ? prefix : null, cancellationToken);
        }

        if (!isPrefix)
        {
            throw new NotFoundException($"'{idOrPrefix}' is not a note id.");
        }

        var sql = $"SELECT n.id FROM notes n JOIN spaces s ON s.id = n.space_id WHERE {NoteReader.VisibleNote} AND {NoteReader.VisibleSpace} AND hex(n.id) LIKE @prefix || '%' LIMIT 2";
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
                    0 => throw new NotFoundException($"No note id starts with '{idOrPrefix}'."),
                    _ => throw new NotFoundException($"More than one note id starts with '{idOrPrefix}'; type more of it."),
                };
            },
            cancellationToken);
    }

    /// <summary>The one visible space whose name is <paramref name="text"/> (any case) or whose id starts with <paramref name="prefix"/>.</summary>
    private Task<Guid> ResolveSpaceAsync(string text, string? prefix, CancellationToken cancellationToken) =>
        Transactions.ReadAsync(
            batch =>
            {
                var byName = new HashSet<Guid>();
                var byId = new HashSet<Guid>();
                using (var reader = batch.Reader($"SELECT s.id, s.name, hex(s.id) FROM spaces s WHERE {NoteReader.VisibleSpace}"))
                {
                    while (reader.Read())
                    {
                        if (string.Equals(reader.GetString(1).Trim(), text.Trim(), StringComparison.OrdinalIgnoreCase))
                        {
                            byName.Add(reader.GetId(0));
                        }

                        if (prefix is not null && reader.GetString(2).StartsWith(prefix, StringComparison.Ordinal))
                        {
                            byId.Add(reader.GetId(0));
                        }
                    }
                }

                return (byName.Count, byId.Count, byName.Union(byId).Count()) switch
                {
                    (_, _, 1) => byName.Union(byId).Single(),
                    (0, 0, _) => throw new NotFoundException(prefix is null
                        ? $"No space is named '{text}'."
                        : $"No space is named '{text}' or has an id starting with it."),
                    ( > 1, 0, _) => throw new NotFoundException($"More than one space is named '{text}'; give the id of the one you mean (dataans space list)."),
                    (0, _, _) => throw new NotFoundException($"More than one space id starts with '{text}'; type more of it."),
                    _ => throw new NotFoundException($"'{text}' is a space's name and the start of another space's id; give more of the id (dataans space list)."),
                };
            },
            cancellationToken);
}

/// <summary>The kinds of object an id can be resolved for.</summary>
public enum ObjectKind
{
    /// <summary>A space id.</summary>
    Space,
    /// <summary>A note id.</summary>
    Note,
}
