using System.Net;
using System.Net.Sockets;
using System.Text;
using Dataans.Core.Sync;

namespace Dataans.Sync.Tests;

/// <summary>
/// An address where no dataans-server answers gets one sentence saying why, in words a user can act on
/// (never an enum's name such as "ConnectionError"): real sockets on loopback, each misbehaving one way.
/// </summary>
public sealed class UnreachableServerTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _stop = new();
    private Device _device = null!;
    private TcpListener? _listener;
    private Task _serving = Task.CompletedTask;

    public async Task InitializeAsync() => _device = await Device.CreateAsync();

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener?.Stop();
        await _serving.ContinueWith(_ => { }, TaskScheduler.Default);
        await _device.DisposeAsync();
        _stop.Dispose();
    }

    [Fact]
    public async Task NothingListening_SaysNothingAcceptsConnectionsThere()
    {
        var message = await SignInFailureAsync(new Uri($"http://127.0.0.1:{Processes.FreePort()}/"));

        Assert.EndsWith("cannot be reached: nothing accepts connections at that address and port.", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectionResetAsSoonAsAccepted_SaysTheConnectionBroke()
    {
        var address = Serve(async (client, _) =>
        {
            client.LingerState = new LingerOption(true, 0); // closing now sends a reset, not a polite end
            client.Close();
            await Task.CompletedTask;
        });

        var message = await SignInFailureAsync(address);

        Assert.EndsWith("cannot be reached: the connection broke.", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherProtocolOnThatPort_SaysItIsNotAnHttpServer()
    {
        var address = Serve(async (client, cancellationToken) =>
        {
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n"), cancellationToken);
            _ = await stream.ReadAsync(new byte[4096], cancellationToken); // whatever part of the request came first
            client.Close();
        });

        var message = await SignInFailureAsync(address);

        Assert.EndsWith("cannot be reached: what answers there is not an HTTP server; check the port.", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpsToAPlainHttpServer_SaysTheSecureConnectionFailed()
    {
        var plain = Serve(async (client, cancellationToken) =>
        {
            var stream = client.GetStream();
            _ = await stream.ReadAsync(new byte[4096], cancellationToken); // whatever part of the request came first
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), cancellationToken);
            client.Close();
        });

        var message = await SignInFailureAsync(new UriBuilder(plain) { Scheme = "https" }.Uri);

        Assert.Contains("cannot be reached: the secure (TLS) connection failed; check https:// against http://", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("200 OK", "text/html", "<!doctype html><title>Router</title>", "answered with something other than a dataans-server's JSON")]
    [InlineData("200 OK", "application/json", "{\"status\":\"ok\"}", "answered with something other than a dataans-server's JSON")]
    [InlineData("404 Not Found", "text/plain", "no such page", "answered 404 (Not Found)")]
    public async Task AnotherWebServerThere_SaysNoSyncServerAnswers(string status, string type, string body, string what)
    {
        var address = Serve(async (client, cancellationToken) =>
        {
            var stream = client.GetStream();
            _ = await stream.ReadAsync(new byte[4096], cancellationToken); // the request line and headers
            var bytes = Encoding.UTF8.GetBytes(body);
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Type: {type}\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n"), cancellationToken);
            await stream.WriteAsync(bytes, cancellationToken);
            client.Close();
        });

        var failure = await Assert.ThrowsAsync<SyncException>(() => _device.Account.SignInAsync(address, "t0ken", "correct horse battery staple", null));

        Assert.Equal(SyncFailure.Protocol, failure.Failure);
        Assert.Equal(
            $"No Dataans sync server answers at {address}: {address}v2/info {what}. Check the address: it is the one dataans-server prints when it starts, such as http://127.0.0.1:8080/.",
            failure.Message);
        Assert.Null(await _device.Account.LoadProfileAsync());
    }

    private async Task<string> SignInFailureAsync(Uri server)
    {
        var failure = await Assert.ThrowsAsync<SyncException>(() => _device.Account.SignInAsync(server, "t0ken", "correct horse battery staple", null));
        Assert.Equal(SyncFailure.Unreachable, failure.Failure);
        Assert.StartsWith($"The sync server at {server} cannot be reached: ", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Error", failure.Message, StringComparison.Ordinal); // no enum names
        return failure.Message;
    }

    /// <summary>Accepts connections on a loopback port and hands each to <paramref name="handle"/>.</summary>
    private Uri Serve(Func<TcpClient, CancellationToken, Task> handle)
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _serving = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = Task.Run(() => handle(client, _stop.Token));
            }
        });
        return new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
    }
}
