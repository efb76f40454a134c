using System.Globalization;
using System.Net;

namespace Dataans.Server.Configuration;

/// <summary>
/// Checks <c>urls</c> (<c>--urls</c>) before Kestrel reads it. Kestrel takes an address it cannot parse as a
/// host name with the default port, and a host name as "every interface": a typo such as
/// <c>http://127.0.0.1:80x</c> would serve on port 80 of every interface instead of failing.
/// </summary>
internal static class ListenUrls
{
    /// <exception cref="UsageException">An address is not an http(s) IP address (or localhost, *, +) with an optional port and no path.</exception>
    public static void Check(string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Problem(url) is { } problem)
            {
                throw new UsageException(
                    $"urls (--urls) must be addresses like http://127.0.0.1:8080 separated by ';', not '{StartupErrors.Quote(url)}': {problem}.");
            }
        }
    }

    private static string? Problem(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0 || url[..scheme].ToLowerInvariant() is not ("http" or "https"))
        {
            return "it must start with http:// or https://";
        }

        var rest = url[(scheme + 3)..];
        if (rest.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            return null; // a Unix domain socket (http://unix:/run/dataans.sock), which Kestrel reads itself
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var (authority, path) = slash < 0 ? (rest, string.Empty) : (rest[..slash], rest[slash..]);
        var bracket = authority.LastIndexOf(']');
        var colon = authority.LastIndexOf(':');
        var (host, port) = colon > bracket ? (authority[..colon], authority[(colon + 1)..]) : (authority, null);
        if (port is not null && (port.Length == 0 || !port.All(char.IsAsciiDigit) || !int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > 65535))
        {
            return "its port must be a number from 0 to 65535";
        }

        if (path is not ("" or "/"))
        {
            return "it cannot have a path (a reverse proxy may add one in front)";
        }

        var ip = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        return host is "*" or "+" || string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || IPAddress.TryParse(ip, out _)
            ? null
            : "give an IP address (127.0.0.1 for this machine only, 0.0.0.0 for every interface); a host name would make the server listen on every interface";
    }
}
