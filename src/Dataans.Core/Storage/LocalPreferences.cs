namespace Dataans.Core.Storage;

/// <summary>
/// Small values this device keeps about how the app was left (the selected space), in the store's
/// <c>meta</c> table under a <c>pref.</c> prefix so they never collide with sync's own keys. Never
/// synced, never exported. Thread-safe.
/// </summary>
public sealed class LocalPreferences
{
    private const string Prefix = "pref.";
    private readonly StoreTransactions _transactions;

    internal LocalPreferences(StoreTransactions transactions) => _transactions = transactions;

    /// <summary>The value kept under <paramref name="name"/>, or null.</summary>
    public Task<string?> GetAsync(string name, CancellationToken cancellationToken = default) =>
        _transactions.ReadAsync(batch => MetaTable.Get(batch, Prefix + name), cancellationToken);

    /// <summary>Keeps <paramref name="value"/> under <paramref name="name"/> on this device (never synced).</summary>
    public Task SetAsync(string name, string value, CancellationToken cancellationToken = default) =>
        _transactions.WriteAsync((writer, _) => MetaTable.Set(writer.Batch, Prefix + name, value), cancellationToken);
}
