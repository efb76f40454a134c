namespace Dataans.Server.Storage;

/// <summary>Token-mode users: a name and the SHA-256 of a random token. Thread-safe.</summary>
internal interface ITokenStore
{
    /// <returns>False when the name is taken.</returns>
    Task<bool> AddAsync(string name, byte[] tokenHash, long createdAtUnixSeconds, CancellationToken cancellationToken = default);

    Task<bool> RemoveAsync(string name, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<TokenUser>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>The user name owning the token hash, or null.</summary>
    Task<string?> FindAsync(byte[] tokenHash, CancellationToken cancellationToken = default);
}

internal sealed record TokenUser(string Name, long CreatedAtUnixSeconds);
