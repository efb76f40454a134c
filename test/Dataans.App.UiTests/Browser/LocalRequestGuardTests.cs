using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Dataans.App.UiTests.Browser;

/// <summary>
/// The local UI's guard against other sites and other machines, spoken to in raw HTTP/1.x on the app's real
/// Kestrel socket, so the exact Host and Origin headers a hostile page (or a DNS-rebound name) would send
/// are the ones tested. <see cref="SecurityTests.ForeignHostOrOrigin_IsRefused"/> covers the basic cases.
/// </summary>
[Collection("ui")]
public sealed class LocalRequestGuardTests(AppFixture app)
{
    private static readonly int[] Refused = [400, 403];

    private int Port => new Uri(app.Url).Port;

    [Theory]
    [InlineData("evil.example")]
    [InlineData("127.0.0.1.evil.example:{port}")]
    [InlineData("attacker.com:{port}")]
    [InlineData("localhost.evil.example:{port}")]
    [InlineData("127.0.0.1")]
    [InlineData("localhost:80")]
    [InlineData("[::1]:{port}")]
    [InlineData("0.0.0.0:{port}")]
    public async Task ForeignHost_IsRefused(string host)
    {
        Assert.Equal(403, await StatusAsync($"GET / HTTP/1.1\r\nHost: {Fill(host)}\r\n"));
        Assert.Equal(403, await StatusAsync($"POST /_blazor/negotiate?negotiateVersion=1 HTTP/1.1\r\nHost: {Fill(host)}\r\nContent-Length: 0\r\n"));
        Assert.Equal(403, await StatusAsync(Upgrade(Fill(host), origin: null)));
    }

    [Fact]
    public async Task MissingOrSmuggledHost_IsRefused()
    {
        // Kestrel answers 400 to some malformed requests before the guard sees them; either way nothing is served.
        Assert.Equal(403, await StatusAsync("GET / HTTP/1.0\r\n"));
        Assert.Contains(await StatusAsync("GET / HTTP/1.1\r\n"), Refused);
        Assert.Contains(await StatusAsync("GET / HTTP/1.1\r\nHost: \r\n"), Refused);
        Assert.Contains(await StatusAsync("POST /_blazor/negotiate?negotiateVersion=1 HTTP/1.0\r\nContent-Length: 0\r\n"), Refused);
        Assert.Contains(await StatusAsync($"GET http://evil.example/ HTTP/1.1\r\nHost: 127.0.0.1:{Port}\r\n"), Refused);
        Assert.Contains(await StatusAsync($"GET / HTTP/1.1\r\nHost: 127.0.0.1:{Port}\r\nHost: evil.example\r\n"), Refused);
    }

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("null")]
    [InlineData("http://127.0.0.1:{port}.evil.example")]
    [InlineData("https://127.0.0.1:{port}")]
    [InlineData("http://127.0.0.1:{other}")]
    [InlineData("http://attacker.com:{port}")]
    public async Task ForeignOrigin_IsRefused_OnPostsFormsTheHubAndItsWebSocket(string origin)
    {
        var host = $"Host: 127.0.0.1:{Port}\r\nOrigin: {Fill(origin)}\r\n";
        Assert.Equal(403, await StatusAsync($"POST / HTTP/1.1\r\n{host}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n", "a=b"));
        Assert.Equal(403, await StatusAsync($"POST /api/uploads?name=a.txt HTTP/1.1\r\n{host}X-Dataans-Upload: 1\r\nContent-Length: 1\r\n", "x"));
        Assert.Equal(403, await StatusAsync($"POST /_blazor/negotiate?negotiateVersion=1 HTTP/1.1\r\n{host}Content-Length: 0\r\n"));
        Assert.Equal(403, await StatusAsync(Upgrade($"127.0.0.1:{Port}", Fill(origin))));
    }

    [Fact]
    public async Task TwoOrigins_OrACrossSiteFetch_AreRefused()
    {
        var host = $"Host: 127.0.0.1:{Port}\r\n";
        Assert.Equal(403, await StatusAsync($"POST /_blazor/negotiate?negotiateVersion=1 HTTP/1.1\r\n{host}Origin: http://127.0.0.1:{Port}\r\nOrigin: http://evil.example\r\nContent-Length: 0\r\n"));
        Assert.Equal(403, await StatusAsync($"POST /_blazor/negotiate?negotiateVersion=1 HTTP/1.1\r\n{host}Sec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: cors\r\nContent-Length: 0\r\n"));
        Assert.Equal(403, await StatusAsync($"GET /_framework/blazor.web.js HTTP/1.1\r\n{host}Sec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: no-cors\r\n"));
        Assert.Equal(200, await StatusAsync($"GET / HTTP/1.1\r\n{host}Sec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: navigate\r\n"));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task OwnHostAndOrigin_AreServed(string name)
    {
        var own = $"{name}:{Port}";
        Assert.Equal(200, await StatusAsync($"GET / HTTP/1.1\r\nHost: {own}\r\n"));
        Assert.Equal(200, await StatusAsync($"POST /_blazor/negotiate?negotiateVersion=1 HTTP/1.1\r\nHost: {own}\r\nOrigin: http://{own}\r\nContent-Length: 0\r\n"));
        Assert.Equal(101, await StatusAsync(Upgrade(own, $"http://{own}")));
    }

    [Fact]
    public async Task App_ListensOnLoopbackOnly()
    {
        var addresses = app.Server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Assert.NotEmpty(addresses);
        Assert.All(addresses, address => Assert.True(IPAddress.IsLoopback(IPAddress.Parse(new Uri(address).Host)), address));

        // The kernel's view of the listening sockets on the app's port: 127.0.0.1 only, no IPv6, no wildcard.
        if (File.Exists("/proc/net/tcp"))
        {
            var port = Port.ToString("X4", CultureInfo.InvariantCulture);
            var listening = (await File.ReadAllLinesAsync("/proc/net/tcp")).Concat(File.Exists("/proc/net/tcp6") ? await File.ReadAllLinesAsync("/proc/net/tcp6") : [])
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(fields => fields.Length > 3 && fields[1].EndsWith(":" + port, StringComparison.Ordinal) && fields[3] == "0A")
                .Select(fields => fields[1]).ToList();
            Assert.Equal([$"0100007F:{port}"], listening);
        }

        // And from this machine's other addresses nobody answers.
        var others = NetworkInterface.GetAllNetworkInterfaces().SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
            .Select(unicast => unicast.Address).Where(address => !IPAddress.IsLoopback(address) && address.AddressFamily == AddressFamily.InterNetwork);
        foreach (var address in others)
        {
            using var client = new TcpClient();
            var refused = await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(address, Port));
            Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        }
    }

    private string Fill(string text) => text
        .Replace("{port}", Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{other}", (Port + 1).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private static string Upgrade(string host, string? origin) =>
        $"GET /_blazor HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + $"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n{(origin is null ? string.Empty : $"Origin: {origin}\r\n")}";

    /// <summary>Sends one request (head without the blank line, then the body) and returns the response's status code.</summary>
    private async Task<int> StatusAsync(string head, string body = "")
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port);
        var stream = client.GetStream();
        var close = head.Contains("Connection:", StringComparison.Ordinal) ? string.Empty : "Connection: close\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{head}{close}\r\n{body}"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var status = await reader.ReadLineAsync() ?? throw new IOException("the app closed the connection without an answer");
        return int.Parse(status.Split(' ')[1], CultureInfo.InvariantCulture);
    }
}
