using Dataans.Core.Profile;

namespace Dataans.Core.Sync;

/// <summary>
/// One HTTP connection pool for everything that talks to the sync server — the sync engine, the
/// account and auto sync's event listener — so connections are reused across syncs. Redirects are not
/// followed and cookies are off (<see cref="ServerCredentialHandler.CreateInner"/>): each client's
/// credential handler decides what goes where. Thread-safe.
/// </summary>
internal sealed class SyncConnections : IDisposable
{
    private readonly SocketsHttpHandler _handler = NewHandler();

    public SyncHttpClient ClientFor(UserProfile profile) => ClientFor(profile.ServerUrl, profile.AuthMode, profile.AuthToken);

    public SyncHttpClient ClientFor(Uri server, AuthMode mode, string? token) => new(server, mode, token, _handler);

    public void Dispose() => _handler.Dispose();

    /// <summary>What every sync client needs (no redirects followed, no cookies), pooled for a long-running app.</summary>
    private static SocketsHttpHandler NewHandler()
    {
        var handler = ServerCredentialHandler.CreateInner();
        handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5); // picks up DNS changes
        return handler;
    }
}
