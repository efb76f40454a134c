using System.Net.Http;
using System.Net.Sockets;

namespace Dataans.Core.Sync;

/// <summary>Why a request to a server got no answer, in words a user can act on (never an enum's name).</summary>
internal static class UnreachableReason
{
    /// <summary>The reason for <paramref name="exception"/>, to follow "cannot be reached: ".</summary>
    public static string Describe(HttpRequestException exception) => exception.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => "its host name was not found",
        HttpRequestError.SecureConnectionError => "the secure (TLS) connection failed; check https:// against http:// and the server's certificate",
        HttpRequestError.ProxyTunnelError or HttpRequestError.UserAuthenticationError => "the proxy between here and the server refused the connection",
        HttpRequestError.InvalidResponse => "what answers there is not an HTTP server; check the port",
        HttpRequestError.HttpProtocolError or HttpRequestError.VersionNegotiationError => "the HTTP exchange with it failed",
        HttpRequestError.ResponseEnded => "the connection broke",
        _ => DescribeConnection(exception),
    };

    private static string DescribeConnection(Exception exception)
    {
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "nothing accepts connections at that address and port",
                    SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.NetworkDown => "there is no network route to it; this device may be offline",
                    SocketError.TimedOut => "the connection timed out",
                    SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => "its host name was not found",
                    SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown => "the connection broke",
                    _ => "the connection failed",
                };
            }

            if (inner is IOException)
            {
                return "the connection broke";
            }
        }

        return "the connection failed";
    }
}
