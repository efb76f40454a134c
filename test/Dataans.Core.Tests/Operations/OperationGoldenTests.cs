using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Dataans.Core.Operations;

namespace Dataans.Core.Tests.Operations;

/// <summary>
/// Pins the JSON and digest of every operation kind. A change of format makes these fail; set
/// DATAANS_UPDATE_GOLDEN=1 to rewrite the files after a deliberate, documented change.
/// </summary>
public sealed class OperationGoldenTests
{
    private static readonly Guid OpId = Guid.Parse("0b0c5e0a-7d4e-4a4f-9d1e-2f5a6b7c8d9e");
    private static readonly Guid NoteId = Guid.Parse("5f1d7c2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f");
    private static readonly Guid SpaceId = Guid.Parse("9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d");
    private static readonly Guid FileId = Guid.Parse("c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f");
    private static readonly Guid OtherFileId = Guid.Parse("d4e5f6a7-b8c9-4dae-8f10-2b3c4d5e6f70");
    private static readonly Timestamp Created = Timestamp.Parse("2025-07-31T16:25:57.123456789Z");
    private static readonly Timestamp Updated = Timestamp.Parse("2025-07-31T16:26:01.5Z");
    private static readonly Timestamp OpTime = Timestamp.Parse("2025-07-31T16:26:01.500000123Z");

    public static TheoryData<string> Kinds => new(Enum.GetNames<OperationKind>());

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Record_MatchesGoldenJsonAndDigest(string kind)
    {
        var record = new OperationRecord(OpId, OpTime, Sample(Enum.Parse<OperationKind>(kind)));
        var json = Encoding.UTF8.GetString(OperationJson.SerializeRecord(record));
        var digest = Convert.ToHexStringLower(OperationDigest.Compute(record));
        var path = GoldenPath(kind);
        if (Environment.GetEnvironmentVariable("DATAANS_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, json + "\n" + digest + "\n");
        }

        var lines = File.ReadAllLines(path);
        Assert.Equal(lines[0], json);
        Assert.Equal(lines[1], digest);
        Assert.Equal(record, OperationJson.DeserializeRecord(Encoding.UTF8.GetBytes(lines[0])));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void RecordAroundStoredOperationJson_IsTheSameBytesAsTheRecord(string kind)
    {
        var record = new OperationRecord(OpId, OpTime, Sample(Enum.Parse<OperationKind>(kind)));
        var stored = OperationJson.Serialize(record.Operation);

        Assert.Equal(OperationJson.SerializeRecord(record), OperationJson.SerializeRecord(record.Id, record.CreatedAt, stored));
    }

    [Theory]
    [InlineData("{\"3\":\"5f1d7c2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f\"}")]
    [InlineData("{\"DeleteNote, DeleteFile\":\"5f1d7c2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f\"}")]
    [InlineData("{\"deletenote\":\"5f1d7c2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f\"}")]
    public void Deserialize_KindThatIsNotAnExactName_ThrowsFormatError(string json)
    {
        var error = Assert.Throws<OperationFormatException>(() => OperationJson.Deserialize(json));
        Assert.StartsWith("Unknown operation kind", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Digest_OfCreateNote_IsTheSeedByteLayout()
    {
        var note = new NotePayload(NoteId, "Hello, 世界", Created, Updated, SpaceId, false);
        var record = new OperationRecord(OpId, OpTime, new CreateNote(note));
        var expected = new List<byte>();
        expected.AddRange(OpId.ToByteArray(bigEndian: true));
        expected.AddRange(Int128Bytes(OpTime));
        expected.AddRange("CreateNote"u8.ToArray());
        expected.AddRange(NoteId.ToByteArray(bigEndian: true));
        expected.AddRange(Encoding.UTF8.GetBytes("Hello, 世界"));
        expected.AddRange(Int128Bytes(Created));
        expected.AddRange(Int128Bytes(Updated));
        expected.AddRange(SpaceId.ToByteArray(bigEndian: true));
        expected.Add(0);

        Assert.Equal(SHA256.HashData(expected.ToArray()), OperationDigest.Compute(record));
    }

    [Fact]
    public void Digest_IgnoresAdditiveParentsField()
    {
        var plain = new NotePayload(NoteId, "x", Created, Updated, SpaceId, false);
        var withParents = plain with { Parents = [FileId] };

        Assert.Equal(
            OperationDigest.Compute(new OperationRecord(OpId, OpTime, new UpdateNote(plain))),
            OperationDigest.Compute(new OperationRecord(OpId, OpTime, new UpdateNote(withParents))));
    }

    [Fact]
    public void Deserialize_IgnoresUnknownFields_FromNewerWriters()
    {
        var json = $$"""{"DeleteNote":"{{NoteId}}"}""";
        var update = "{\"UpdateSpace\":{\"id\":\"" + SpaceId + "\",\"name\":\"n\",\"avatar_id\":\"" + FileId + "\",\"created_at\":\"2025-01-01T00:00:00Z\",\"updated_at\":\"2025-01-01T00:00:00Z\",\"is_deleted\":false,\"colour\":\"red\"}}";

        Assert.Equal(new DeleteNote(NoteId), OperationJson.Deserialize(json));
        Assert.Equal("n", Assert.IsType<UpdateSpace>(OperationJson.Deserialize(update)).Space.Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"CreateNote\":{}}")]
    [InlineData("{\"DeleteNote\":\"not-a-uuid\"}")]
    [InlineData("{\"DeleteNote\":42}")]
    [InlineData("{\"Explode\":\"5f1d7c2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f\"}")]
    [InlineData("{\"SetNoteFiles\":[\"5f1d7c2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f\"]}")]
    [InlineData("{\"DeleteNote\":\"5f1d7c2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f\",\"DeleteFile\":\"5f1d7c2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f\"}")]
    [InlineData("{\"UpdateSpace\":{\"id\":\"9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d\",\"name\":\"n\",\"avatar_id\":\"9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d\",\"created_at\":\"yesterday\",\"updated_at\":\"2025-01-01T00:00:00Z\",\"is_deleted\":false}}")]
    public void Deserialize_MalformedOperation_ThrowsFormatError(string json)
    {
        Assert.Throws<OperationFormatException>(() => OperationJson.Deserialize(json));
    }

    [Fact]
    public void Deserialize_DeeplyNestedJson_ThrowsFormatError()
    {
        var json = new string('[', 10_000) + new string(']', 10_000);
        Assert.Throws<OperationFormatException>(() => OperationJson.Deserialize(json));
    }

    internal static Operation Sample(OperationKind kind) => kind switch
    {
        OperationKind.CreateNote => new CreateNote(new NotePayload(NoteId, "# Plan\n- [ ] write \"tests\"\n東京で会議", Created, Created, SpaceId, false)),
        OperationKind.UpdateNote => new UpdateNote(new NotePayload(NoteId, "edited ✓", Created, Updated, SpaceId, false, [OtherFileId])),
        OperationKind.DeleteNote => new DeleteNote(NoteId),
        OperationKind.CreateFile => new CreateFile(new FilePayload(FileId, "report.pdf", $"{FileId}_report.pdf", Created, Created, false)),
        OperationKind.DeleteFile => new DeleteFile(FileId),
        OperationKind.CreateSpace => new CreateSpace(new SpacePayload(SpaceId, "Work", FileId, Created, Created, false)),
        OperationKind.UpdateSpace => new UpdateSpace(new SpacePayload(SpaceId, "Work & Life", FileId, Created, Updated, false)),
        OperationKind.DeleteSpace => new DeleteSpace(SpaceId),
        OperationKind.SetNoteFiles => new SetNoteFiles(NoteId, [FileId, OtherFileId]),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static byte[] Int128Bytes(Timestamp time)
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteInt128BigEndian(bytes, time.UnixNanoseconds);
        return bytes;
    }

    private static string GoldenPath(string kind, [CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "Golden", kind + ".golden");
}
