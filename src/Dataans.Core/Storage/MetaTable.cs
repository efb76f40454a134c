namespace Dataans.Core.Storage;

/// <summary>The <c>meta</c> table: small named values kept with the data (the clock, the sync position). Thread-safe (stateless).</summary>
internal static class MetaTable
{
    public static string? Get(SqlBatch batch, string key) =>
        batch.Scalar("SELECT value FROM meta WHERE key = @key", ("@key", key)) as string;

    public static int Set(SqlBatch batch, string key, string value) =>
        batch.Execute(
            "INSERT INTO meta (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            ("@key", key),
            ("@value", value));

    public static int Delete(SqlBatch batch, params ReadOnlySpan<string> keys)
    {
        var removed = 0;
        foreach (var key in keys)
        {
            removed += batch.Execute("DELETE FROM meta WHERE key = @key", ("@key", key));
        }

        return removed;
    }
}
