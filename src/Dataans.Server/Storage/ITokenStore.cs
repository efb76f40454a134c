namespace Dataans.Server.Storage;

/// <summary>
/// Token-mode users and their tokens, one per device: only the SHA-256 of each random token is kept.
/// A user keeps their name (and data) while tokens are added and revoked. Thread-safe.
/// </summary>
internal interface ITokenStore
{
    /// <summary>Creates the token user with a first token; null when the name is already a token user.</summary>
    Task<long?> AddUserAsync(string name, NewToken token, CancellationToken cancellationToken = default);

    /// <summary>Revokes every token of the user and forgets the name; false when there is no such token user.</summary>
    Task<bool> RemoveUserAsync(string name, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<TokenUser>> ListUsersAsync(CancellationToken cancellationToken = default);

    /// <summary>Another token for an existing token user (a new device); null when there is no such token user.</summary>
    Task<long?> AddTokenAsync(string name, NewToken token, CancellationToken cancellationToken = default);

    /// <summary>The user's tokens by id; null when there is no such token user.</summary>
    Task<IReadOnlyList<DeviceToken>?> ListTokensAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Revokes one token; returns its user, or null when there is no such token.</summary>
    Task<string?> RevokeAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>The token with this hash, or null.</summary>
    Task<TokenMatch?> FindAsync(byte[] tokenHash, CancellationToken cancellationToken = default);

    Task MarkUsedAsync(long id, long atUnixSeconds, CancellationToken cancellationToken = default);
}

internal sealed record NewToken(byte[] Hash, string? Label, long CreatedAtUnixSeconds);

internal sealed record TokenUser(string Name, long CreatedAtUnixSeconds, int Tokens, long? LastUsedAtUnixSeconds);

internal sealed record DeviceToken(long Id, string? Label, long CreatedAtUnixSeconds, long? LastUsedAtUnixSeconds);

internal sealed record TokenMatch(string User, long TokenId, long? LastUsedAtUnixSeconds);
