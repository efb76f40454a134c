using System.Text;
using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Dataans.Core.Crypto;
using Dataans.Core.Operations;
using Dataans.Core.Sync;

namespace Dataans.Core.Tests.Operations;

/// <summary>The record's optional <c>device</c> field (docs/formats.md): written after the operation, read leniently, never in the digest.</summary>
public sealed class OperationDeviceTests : IDisposable
{
    private static readonly Guid OpId = Guid.Parse("0b0c5e0a-7d4e-4a4f-9d1e-2f5a6b7c8d9e");
    private static readonly Guid DeviceId = Guid.Parse("6f1c2a9e-0d3b-4e5f-8a7b-1c2d3e4f5a6b");
    private static readonly Timestamp OpTime = Timestamp.Parse("2025-07-31T16:26:01.500000123Z");
    private static readonly Operation Deletion = new DeleteNote(Guid.Parse("5f1d7c2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f"));
    private readonly TestDataDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Record_WithDevice_IsWrittenAfterTheOperation_AndReadBack()
    {
        var record = new OperationRecord(OpId, OpTime, Deletion) { Device = new OperationDevice(DeviceId, "Work \"desktop\" 東京") };

        var json = Encoding.UTF8.GetString(OperationJson.SerializeRecord(record));

        Assert.Equal(
            """{"id":"0b0c5e0a-7d4e-4a4f-9d1e-2f5a6b7c8d9e","created_at":"2025-07-31T16:26:01.500000123Z","operation":{"DeleteNote":"5f1d7c2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f"},"device":{"id":"6f1c2a9e-0d3b-4e5f-8a7b-1c2d3e4f5a6b","name":"Work \"desktop\" 東京"}}""",
            json);
        Assert.Equal(record, OperationJson.DeserializeRecord(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(json, Encoding.UTF8.GetString(OperationJson.SerializeRecord(OpId, OpTime, OperationJson.Serialize(Deletion), record.Device)));
    }

    [Fact]
    public void Digest_IsTheSameWithOrWithoutDevice()
    {
        var without = new OperationRecord(OpId, OpTime, Deletion);
        var with = without with { Device = new OperationDevice(DeviceId, "Laptop") };

        Assert.Equal(OperationDigest.Compute(without), OperationDigest.Compute(with));
    }

    [Theory]
    [InlineData(""","device":null""")]
    [InlineData(""","device":"Laptop" """)]
    [InlineData(""","device":{"id":"not-a-uuid","name":"Laptop"}""")]
    [InlineData(""","device":{"id":"6f1c2a9e-0d3b-4e5f-8a7b-1c2d3e4f5a6b"}""")]
    [InlineData(""","device":{"id":"6f1c2a9e-0d3b-4e5f-8a7b-1c2d3e4f5a6b","name":7}""")]
    [InlineData(""","device":{"id":"6f1c2a9e-0d3b-4e5f-8a7b-1c2d3e4f5a6b","name":" \t "}""")]
    public void MalformedDevice_IsIgnored_AndTheOperationStillReads(string device)
    {
        var json = $$"""{"id":"0b0c5e0a-7d4e-4a4f-9d1e-2f5a6b7c8d9e","created_at":"2025-07-31T16:26:01.500000123Z","operation":{"DeleteNote":"5f1d7c2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f"}{{device}}}""";

        var record = OperationJson.DeserializeRecord(Encoding.UTF8.GetBytes(json));

        Assert.Equal(new OperationRecord(OpId, OpTime, Deletion), record);
        Assert.Null(record.Device);
    }

    [Theory]
    [InlineData("  Laptop  ", "Laptop")]
    [InlineData("Work\tdesk\u0007top", "Work desk top")]
    [InlineData("\r\n", null)]
    public void CleanName_TrimsAndReplacesControlCharacters(string name, string? expected) =>
        Assert.Equal(expected, OperationDevice.CleanName(name));

    [Fact]
    public void CleanName_CutsAt64_WithoutSplittingASurrogatePair()
    {
        var name = new string('a', 63) + "😀😀";

        var cleaned = OperationDevice.CleanName(name)!;

        Assert.Equal(new string('a', 63), cleaned);
        Assert.Equal(64, OperationDevice.CleanName(new string('b', 80))!.Length);
    }

    [Fact]
    public async Task Outbox_SealsThisDevicesIdAndName_IntoTheEnvelope()
    {
        using var store = await _directory.OpenStoreAsync();
        var device = await store.RenameThisDeviceAsync("Kitchen laptop");
        await store.CreateSpaceAsync("Work");
        var key = new EncryptionKey(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());

        var outbox = await store.SyncLedger.ReadOutboxAsync(100);

        Assert.NotEmpty(outbox);
        var checksums = new OperationChecksum(key);
        foreach (var logged in outbox)
        {
            var sealedOp = OperationCodec.Encode(key, checksums, logged, keyed: true);
            var opened = OperationCodec.TryDecode(key, checksums, new ReceivedOperation(sealedOp.Id, sealedOp.CreatedAt, sealedOp.Data, sealedOp.Checksum, null), out var reason, out _);
            Assert.Null(reason);
            Assert.Equal(new OperationDevice(device.Id, "Kitchen laptop"), opened!.Device);
        }
    }

    [Fact]
    public async Task History_OfAnOperationWithoutDevice_SaysAnotherDevice()
    {
        using var store = await _directory.OpenStoreAsync();
        await store.RenameThisDeviceAsync("Kitchen laptop");
        var space = await store.CreateSpaceAsync("Shared");
        var note = await store.CreateNoteAsync(space.Id, "first");
        var later = new Timestamp(DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds() * 1_000_000);
        var edit = new NotePayload(note.Id, "from the original", note.CreatedAt, later, space.Id, false, null);
        await store.ApplyAsync([new OperationRecord(Guid.NewGuid(), later, new UpdateNote(edit))]);

        var history = await store.GetHistoryAsync(note.Id);

        Assert.Equal(["Kitchen laptop (this device)", "another device"], history.Select(version => version.DeviceLabel));
    }
}
