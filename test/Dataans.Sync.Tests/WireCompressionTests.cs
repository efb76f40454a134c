using System.Net.Http.Json;
using Dataans.Contracts.Sync;
using Dataans.Core.Crypto;
using Dataans.Core.Profile;
using Dataans.Core.Sync;
using Xunit.Abstractions;

namespace Dataans.Sync.Tests;

/// <summary>
/// What a delta costs on the v2 wire with HTTP content codings (protocol.md §4.9), counted on the
/// client's sockets against a real dataans-server on Kestrel.
/// </summary>
public sealed class WireCompressionTests(ITestOutputHelper output) : IAsyncLifetime
{
    private ServerInstance _server = null!;
    private string _token = null!;
    private readonly List<IAsyncDisposable> _owned = [];

    public async Task InitializeAsync()
    {
        _server = await ServerInstance.StartAsync();
        _token = await _server.AddUserAsync("alice");
    }

    public async Task DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }

        await _server.DisposeAsync();
    }

    [Fact]
    public async Task DeltaOfTenEdits_CostsAtMost1Point3TimesItsCiphertextPlus1KB_SendingAndReceiving()
    {
        var key = await SyncScenarioTests.TestKeyAsync();
        var random = new Random(15);
        var sender = await CountedDeviceAsync(key);
        var receiver = await CountedDeviceAsync(key);
        var space = await sender.Device.Store.CreateSpaceAsync("Work");
        var notes = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            notes.Add((await sender.Device.Store.CreateNoteAsync(space.Id, Text(random))).Id);
        }

        await SyncAsync(sender.Engine);
        await SyncAsync(receiver.Engine);
        var headBefore = (await PullPlainAsync(0)).Head;
        for (var i = 0; i < 10; i++)
        {
            await sender.Device.Store.UpdateNoteAsync(notes[i], Text(random));
        }

        sender.Wire.Reset();
        await SyncAsync(sender.Engine);
        var sent = sender.Wire.Total;
        receiver.Wire.Reset();
        var received = await SyncAsync(receiver.Engine);
        var receivedBytes = receiver.Wire.Total;

        var delta = await PullPlainAsync(headBefore);
        var ciphertext = delta.Ops.Sum(op => (long)op.Data.Length);
        var allowed = (1.3 * ciphertext) + 1024;
        output.WriteLine($"ciphertext {ciphertext} B; sending {sent} B ({(double)sent / ciphertext:F2}×), receiving {receivedBytes} B ({(double)receivedBytes / ciphertext:F2}×), allowed {allowed:F0} B");
        Assert.Equal(10, delta.Ops.Count);
        Assert.Equal(10, received.Pulled);
        Assert.True(sent <= allowed, $"sending cost {sent} bytes on the wire for {ciphertext} bytes of ciphertext (allowed {allowed:F0})");
        Assert.True(receivedBytes <= allowed, $"receiving cost {receivedBytes} bytes on the wire for {ciphertext} bytes of ciphertext (allowed {allowed:F0})");
        Assert.Equal(await sender.Device.ExportAsync(), await receiver.Device.ExportAsync());
    }

    [Fact]
    public async Task NoOpSync_IsStillOneRequestUnder1KB_OnTheSocket()
    {
        var key = await SyncScenarioTests.TestKeyAsync();
        var device = await CountedDeviceAsync(key);
        await device.Device.Store.CreateSpaceAsync("Work");
        await SyncAsync(device.Engine);

        device.Wire.Reset();
        var result = await SyncAsync(device.Engine);

        output.WriteLine($"no-op sync: {result.Requests} request(s), {device.Wire.Total} bytes on the socket");
        Assert.Equal(1, result.Requests);
        Assert.True(device.Wire.Total < 1024, $"{device.Wire.Total} bytes on the socket");
    }

    [Fact]
    public async Task PushBodies_GoCompressed_OnlyAfterTheServerAdvertisedACoding()
    {
        var key = await SyncScenarioTests.TestKeyAsync();
        var device = await CountedDeviceAsync(key);
        var space = await device.Device.Store.CreateSpaceAsync("Work");
        await device.Device.Store.CreateNoteAsync(space.Id, Text(new Random(1)));
        SyncHttpClient? client = null;
        using var engine = new SyncEngine(device.Device.Store, device.Device.Profiles, profile =>
            client = new SyncHttpClient(profile.ServerUrl, profile.AuthMode, profile.AuthToken, device.Wire.Handler));

        await SyncAsync(engine);

        Assert.Equal("br", client!.PushEncoding);
        using var fresh = new SyncHttpClient(_server.BaseAddress, AuthMode.Token, _token, device.Wire.Handler);
        Assert.Null(fresh.PushEncoding);
    }

    private async Task<SyncResult> SyncAsync(SyncEngine engine)
    {
        var result = await engine.SyncAsync();
        Assert.True(result.Success, result.Message);
        return result;
    }

    /// <summary>The operations after a seq as plain JSON (no content coding), to learn their ciphertext size.</summary>
    private async Task<PullResponse> PullPlainAsync(long after)
    {
        using var http = _server.Client(_token);
        http.DefaultRequestHeaders.AcceptEncoding.Clear();
        using var response = await http.GetAsync($"v2/ops?after={after}&limit=1000");
        Assert.Null(response.Content.Headers.ContentEncoding.FirstOrDefault());
        return (await response.Content.ReadFromJsonAsync(V2JsonContext.Default.PullResponse))!;
    }

    private async Task<CountedDevice> CountedDeviceAsync(EncryptionKey key)
    {
        var device = await Device.CreateAsync();
        _owned.Add(device);
        await device.UseKeyAsync(_server.BaseAddress, _token, key);
        var wire = new WireCounter();
        var engine = new SyncEngine(device.Store, device.Profiles, profile => new SyncHttpClient(profile.ServerUrl, profile.AuthMode, profile.AuthToken, wire.Handler));
        _owned.Add(new Owned(engine, wire));
        return new CountedDevice(device, engine, wire);
    }

    private static string Text(Random random) =>
        string.Join(' ', Enumerable.Range(0, 45).Select(_ => Words[random.Next(Words.Length)]));

    private static readonly string[] Words =
        ["sync", "delta", "note", "space", "wire", "cipher", "page", "server", "device", "markdown", "search", "index", "apply", "push", "pull"];

    private sealed record CountedDevice(Device Device, SyncEngine Engine, WireCounter Wire);

    private sealed class Owned(SyncEngine engine, WireCounter wire) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            engine.Dispose();
            wire.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
