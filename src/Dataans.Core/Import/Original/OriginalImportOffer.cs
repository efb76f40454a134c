using Dataans.Core.Storage;

namespace Dataans.Core.Import.Original;

/// <summary>
/// Whether the app should offer to import the original's data on start: only while this store holds no
/// space at all, and only until the offer was answered once (kept in the store). Thread-safe.
/// </summary>
public static class OriginalImportOffer
{
    private const string AnsweredKey = "original-import.offer";

    /// <summary>True while this store holds no space and the offer was not answered yet.</summary>
    public static Task<bool> ShouldOfferAsync(DataansStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.Transactions.ReadAsync(
            batch => MetaTable.Get(batch, AnsweredKey) is null && (long)batch.Scalar("SELECT count(*) FROM spaces WHERE content_ts IS NOT NULL")! == 0,
            cancellationToken);
    }

    /// <summary>Remembers that the user imported or turned the offer down.</summary>
    public static Task MarkAnsweredAsync(DataansStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.Transactions.WriteAsync((writer, _) => MetaTable.Set(writer.Batch, AnsweredKey, "answered"), cancellationToken);
    }
}
