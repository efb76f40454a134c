using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Dataans.Reliability.Tests.Infrastructure;

/// <summary>
/// A TCP proxy on 127.0.0.1 in front of a target port, with switchable faults: refuse connections,
/// reset a response after N bytes, cut a request after N bytes, or drop connections at random (seeded).
/// It reads HTTP/1.1 request lines as they pass, so a fault can be limited to some requests and a
/// <see cref="Trigger"/> can act (e.g. kill the server) at an exact point of a request or response.
/// Thread-safe.
/// </summary>
internal sealed partial class LoopbackProxy : IAsyncDisposable
{
    private static readonly string[] Methods = ["GET ", "POST ", "PUT ", "HEAD ", "DELETE ", "PATCH "];
    private readonly TcpListener _listener;
    private readonly int _targetPort;
    private readonly Random _random;
    private readonly Lock _gate = new();
    private readonly List<ProxyConnection> _connections = [];
    private readonly List<Trigger> _triggers = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private FaultSetting _fault = new(ProxyFault.None, 0, null, 0);
    private int _faultsInjected;
    private int _connectionsAccepted;

    private LoopbackProxy(int targetPort, int seed)
    {
        _targetPort = targetPort;
        _random = new Random(seed);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>Connections refused, reset or cut by a fault or a trigger.</summary>
    public int FaultsInjected => Volatile.Read(ref _faultsInjected);

    public int ConnectionsAccepted => Volatile.Read(ref _connectionsAccepted);

    /// <summary>Starts a proxy on a free loopback port that forwards to 127.0.0.1:<paramref name="targetPort"/>.</summary>
    public static LoopbackProxy Start(int targetPort, int seed = 7) => new(targetPort, seed);

    /// <summary>Forwards everything untouched.</summary>
    public void Pass() => SetFault(new FaultSetting(ProxyFault.None, 0, null, 0));

    /// <summary>Accepts each new connection and resets it at once, before any byte (a service that is down); open ones are reset too.</summary>
    public void Refuse()
    {
        SetFault(new FaultSetting(ProxyFault.Refuse, 0, null, 0));
        ProxyConnection[] open;
        lock (_gate)
        {
            open = [.. _connections];
        }

        foreach (var connection in open)
        {
            Fault(connection);
        }
    }

    /// <summary>Resets a connection once <paramref name="bytes"/> bytes of a response (to a request starting with <paramref name="requestPrefix"/>) went through.</summary>
    public void ResetResponsesAfter(long bytes, string? requestPrefix = null) => SetFault(new FaultSetting(ProxyFault.ResetResponse, bytes, requestPrefix, 0));

    /// <summary>Resets a connection once <paramref name="bytes"/> bytes of a request (starting with <paramref name="requestPrefix"/>) went through.</summary>
    public void CutRequestsAfter(long bytes, string? requestPrefix = null) => SetFault(new FaultSetting(ProxyFault.CutRequest, bytes, requestPrefix, 0));

    /// <summary>Resets a connection with probability <paramref name="probability"/> at each chunk passed either way (seeded).</summary>
    public void DropRandomly(double probability) => SetFault(new FaultSetting(ProxyFault.RandomDrops, 0, null, probability));

    /// <summary>
    /// Once, when a request starting with <paramref name="requestPrefix"/> has passed <paramref name="afterBytes"/> bytes
    /// (of the request, or of its response when <paramref name="inResponse"/>), runs <paramref name="action"/> while
    /// holding the connection, then resets it (nothing after that point is forwarded) unless <paramref name="thenPass"/>.
    /// </summary>
    public Trigger When(string requestPrefix, long afterBytes, Action action, bool inResponse = false, bool thenPass = false)
    {
        var trigger = new Trigger(requestPrefix, afterBytes, inResponse, thenPass, action);
        lock (_gate)
        {
            _triggers.Add(trigger);
        }

        return trigger;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        ProxyConnection[] open;
        lock (_gate)
        {
            open = [.. _connections];
        }

        foreach (var connection in open)
        {
            connection.Reset();
        }

        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
            // stopping
        }

        _stop.Dispose();
    }

    private void SetFault(FaultSetting fault)
    {
        lock (_gate)
        {
            _fault = fault;
        }
    }

    private FaultSetting CurrentFault()
    {
        lock (_gate)
        {
            return _fault;
        }
    }

    private void Fault(ProxyConnection connection)
    {
        if (connection.Reset())
        {
            Interlocked.Increment(ref _faultsInjected);
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connectionsAccepted);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var connection = new ProxyConnection(client, upstream);
        lock (_gate)
        {
            _connections.Add(connection);
        }

        try
        {
            if (CurrentFault().Kind == ProxyFault.Refuse)
            {
                Fault(connection);
                return;
            }

            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                connection.Reset(); // the target is down: the client sees a reset, as through a real proxy
                return;
            }

            await Task.WhenAll(PumpAsync(connection, toServer: true), PumpAsync(connection, toServer: false));
        }
        finally
        {
            connection.Reset();
            lock (_gate)
            {
                _connections.Remove(connection);
            }
        }
    }

    private static string? RequestLine(ReadOnlySpan<byte> chunk)
    {
        foreach (var method in Methods)
        {
            if (chunk.StartsWith(Encoding.ASCII.GetBytes(method)))
            {
                var end = chunk.IndexOf("\r\n"u8);
                return Encoding.ASCII.GetString(end < 0 ? chunk[..Math.Min(chunk.Length, 200)] : chunk[..end]);
            }
        }

        return null;
    }
}

/// <summary>What the proxy does to connections.</summary>
internal enum ProxyFault
{
    None,
    Refuse,
    ResetResponse,
    CutRequest,
    RandomDrops,
}
