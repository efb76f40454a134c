using System.Net;
using System.Net.Sockets;

namespace Dataans.Docs.Tests.Infrastructure;

/// <summary>
/// The documented default address of dataans-server, 127.0.0.1:8080, when it is free here; otherwise a
/// free port, passed to the server through its environment and substituted into the client commands.
/// On a CI machine the documented port itself is used.
/// </summary>
internal static class ServerPort
{
    public const int Documented = 8080;

    public static int Choose() => IsFree(Documented) ? Documented : Processes.FreePort();

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Placeholders that move the documented address to the chosen port (none when it is 8080).</summary>
    public static Dictionary<string, string> Substitutions(int port) =>
        port == Documented ? [] : new() { ["http://127.0.0.1:8080/"] = $"http://127.0.0.1:{port}/", ["http://127.0.0.1:8080"] = $"http://127.0.0.1:{port}" };

    public static void Apply(Shell shell, int port) =>
        shell.Set("DATAANS_SERVER_URLS", port == Documented ? null : $"http://127.0.0.1:{port}");
}
