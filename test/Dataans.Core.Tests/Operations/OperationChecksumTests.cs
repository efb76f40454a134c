using System.Security.Cryptography;
using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Dataans.Contracts.Sync;
using Dataans.Core.Crypto;
using Dataans.Core.Operations;
using Dataans.Core.Storage;
using Dataans.Core.Sync;

namespace Dataans.Core.Tests.Operations;

/// <summary>
/// The v2 checksum is keyed (issue 14, item 2): only the key's holders can compute or check it, every
/// device with the key computes the same one, and readers still accept the seed digest that v1 writers
/// and earlier v2 writers stored.
/// </summary>
public sealed class OperationChecksumTests
{
    private static readonly EncryptionKey Key = new(RandomNumberGenerator.GetBytes(32));
    private static readonly Guid FileId = Guid.NewGuid();
    private static readonly Timestamp Time = new(1_785_000_000_123_456_789);

    [Fact]
    public void Keyed_DiffersFromTheDigest_AndDependsOnTheKey()
    {
        var record = CreateFile("passport-scan.jpg");
        var digest = OperationDigest.Compute(record);
        var keyed = new OperationChecksum(Key).Compute(record);

        Assert.Equal(keyed, new OperationChecksum(new EncryptionKey(Key.ToArray())).Compute(record)); // another device, same key
        Assert.NotEqual(digest, keyed);
        Assert.NotEqual(keyed, new OperationChecksum(new EncryptionKey(RandomNumberGenerator.GetBytes(32))).Compute(record));
        Assert.NotEqual(keyed, new OperationChecksum(Key).Compute(CreateFile("passport-scan.png")));
    }

    [Fact]
    public void Reader_AcceptsTheKeyedChecksumAndTheDigest_AndRefusesAnythingElse()
    {
        var checksums = new OperationChecksum(Key);
        var record = CreateFile("tax-return-2025.pdf");
        var logged = new LoggedOperation(1, record.Id, record.CreatedAt, OperationJson.Serialize(record.Operation), OperationDigest.Compute(record));

        var keyedWire = OperationCodec.Encode(Key, checksums, logged, keyed: true);
        Assert.Equal(record, OperationCodec.TryDecode(Key, checksums, Received(keyedWire), out var reason, out var keyed));
        Assert.Null(reason);
        Assert.True(keyed);

        var seedWire = OperationCodec.Encode(Key, checksums, logged, keyed: false);
        Assert.Equal(OperationDigest.Compute(record), seedWire.Checksum); // v1 keeps the seed digest byte for byte
        Assert.Equal(record, OperationCodec.TryDecode(Key, checksums, Received(seedWire), out reason, out keyed));
        Assert.False(keyed);

        var otherKey = new OperationChecksum(new EncryptionKey(RandomNumberGenerator.GetBytes(32)));
        var foreign = keyedWire with { Checksum = otherKey.Compute(record) };
        Assert.Null(OperationCodec.TryDecode(Key, checksums, Received(foreign), out reason, out _));
        Assert.Equal("its checksum does not match its content", reason);
    }

    [Fact]
    public void BlockComparison_UsesTheFormTheServerHoldsForEachOperation()
    {
        var checksums = new OperationChecksum(Key);
        var local = Enumerable.Range(0, 40).Select(i => CreateFile($"f{i}.txt")).OrderBy(record => record.Id.ToByteArray(bigEndian: true), ByteOrder.Instance)
            .Select((record, i) => new OrderedDigest(record.Id, OperationDigest.Compute(record), Keyed: i % 3 != 0)).ToList();
        var server = local.Chunk(16).Select(chunk => OperationDigest.BlockHash(chunk.Select(item => checksums.AsStored(item.Digest, item.Keyed)))).ToList();

        Assert.Equal(3, CommonBlocks(local, server, checksums));
        var allKeyed = local.Select(item => item with { Keyed = true }).ToList();
        Assert.Equal(0, CommonBlocks(allKeyed, server, checksums)); // the form matters: a wrong one compares unequal

        var forms = SyncEngine.ServerForms(allKeyed, local.Select(item => (item.Id, checksums.AsStored(item.Digest, item.Keyed))), checksums).ToList();
        Assert.Equal(local.Count(item => !item.Keyed), forms.Count);
        Assert.All(forms, form => Assert.False(form.Keyed));
    }

    private static OperationRecord CreateFile(string name) =>
        new(Guid.NewGuid(), Time, new CreateFile(new FilePayload(FileId, name, $"{FileId}_{name}", Time, Time, false)));

    /// <summary>How many leading blocks of the local log, each checksum in the form the server holds, equal the server's.</summary>
    private static int CommonBlocks(IEnumerable<OrderedDigest> local, IReadOnlyList<byte[]> server, OperationChecksum checksums)
    {
        var comparison = new BlockComparison(server, checksums, SyncEngine.ItemsPerBlock);
        foreach (var item in local)
        {
            comparison.Add(item);
        }

        return comparison.Complete().CommonBlocks;
    }

    private static ReceivedOperation Received(PushOperation op) => new(op.Id, op.CreatedAt, op.Data, op.Checksum, 1);

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
