using Microsoft.AspNetCore.Http;

namespace Dataans.App.Ui.Hosting;

/// <summary>
/// The address the app listens on, once known, and the checks against it: only requests addressed to
/// <c>127.0.0.1:PORT</c> or <c>localhost:PORT</c>, and only from pages of that origin, are served.
/// Thread-safe.
/// </summary>
internal sealed class LocalEndpoint
{
    private volatile int _port = -1;

    public int Port => _port;

    /// <summary>The URL the user opens.</summary>
    public string Url => $"http://127.0.0.1:{_port}/";

    public void SetPort(int port) => _port = port;

    public bool IsOwnHost(HostString host)
    {
        var port = _port;
        return port > 0 && host.Port == port && host.Host is "127.0.0.1" or "localhost";
    }

    public bool IsOwnOrigin(string origin)
    {
        var port = _port;
        return port > 0 && (origin == $"http://127.0.0.1:{port}" || origin == $"http://localhost:{port}");
    }
}
