using Dataans.Core.Profile;

namespace Dataans.Core.Sync;

/// <summary>
/// One HTTP connection pool for everything that talks to the sync server — the sync engine, the
/// account and auto sync's event listener — so connections are reused across syncs. Cookies are
/// off: the Cloudflare credential is a header each client sets, and nothing a server sets outlives a
/// sign-out. Thread-safe.
/// </summary>
internal sealed class SyncConnections : IDisposable
{
    private readonly SocketsHttpHandler _handler = new()
    {
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5), // picks up DNS changes in a long-running app
    };

    public SyncHttpClient ClientFor(UserProfile profile) => ClientFor(profile.ServerUrl, profile.AuthMode, profile.AuthToken);

    public SyncHttpClient ClientFor(Uri server, AuthMode mode, string? token) => new(server, mode, token, _handler);

    public void Dispose() => _handler.Dispose();
}
