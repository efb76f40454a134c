using System.Security.Cryptography;
using System.Text;
using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Dataans.Core.Inbox;
using Dataans.Core.Tests.Docs;

namespace Dataans.Core.Tests.Inbox;

/// <summary>The inbox vectors printed in docs/formats.md, checked against our code and against the capture page's code (in Node).</summary>
public sealed class InboxFormatsVectorTests
{
    private static readonly IReadOnlyList<FormatsVectors> Vectors = FormatsVectors.Load();

    private static FormatsVectors Vector(string field) => Assert.Single(Vectors, vector => vector.Has(field));

    [Fact]
    public void SealedItemVector_IsWhatWeSealAndOpen()
    {
        var v = Vector("sealed");
        using var recipient = InboxKeyPair.FromPrivateScalar(v.Hex("recipient private"));
        using var ephemeral = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = v.Hex("ephemeral private") });
        var content = Encoding.UTF8.GetBytes(v.Text("content"));
        var itemId = Guid.Parse(v.Raw("item id"));

        var sealedItem = InboxSeal.Seal(recipient.PublicKey, itemId, content, ephemeral);

        Assert.Equal(v.Hex("recipient public"), recipient.PublicKey);
        Assert.Equal(v.Hex("key id"), recipient.KeyId);
        Assert.Equal(v.Hex("ephemeral public"), InboxKeyPair.ExportPublic(ephemeral));
        Assert.Equal(v.Hex("shared secret"), ephemeral.DeriveRawSecretAgreement(recipient.Key.PublicKey));
        var okm = new byte[44];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, v.Hex("shared secret"), okm, "dataans-inbox-v1"u8.ToArray(), [.. v.Hex("ephemeral public"), .. v.Hex("recipient public")]);
        Assert.Equal(v.Hex("hkdf output"), okm);
        Assert.Equal(Convert.ToHexStringLower(v.Hex("sealed")), Convert.ToHexStringLower(sealedItem));
        var (openedId, opened) = InboxSeal.Open(recipient, v.Hex("sealed"));
        Assert.Equal(itemId, openedId);
        Assert.Equal(content, opened);
    }

    [Fact]
    public async Task SealedItemVector_IsWhatThePageSeals()
    {
        var v = Vector("sealed");
        var node = await InboxNode.RunAsync(
        [
            new
            {
                op = "seal", publicKey = InboxNode.Hex(v.Hex("recipient public")), itemId = v.Raw("item id"),
                content = InboxNode.Hex(Encoding.UTF8.GetBytes(v.Text("content"))),
                ephemeralD = InboxNode.Hex(v.Hex("ephemeral private")), ephemeralPublic = InboxNode.Hex(v.Hex("ephemeral public")),
            },
        ]);

        Assert.Equal(InboxNode.Hex(v.Hex("sealed")), node[0]!.GetValue<string>());
    }

    [Fact]
    public async Task ContentVector_IsWhatWeAndThePageEncode()
    {
        var v = Vector("capture header");
        var header = System.Text.Json.JsonDocument.Parse(v.Raw("capture header")).RootElement;
        var file = header.GetProperty("files")[0];
        var content = new CaptureContent(
            header.GetProperty("text").GetString()!,
            DateTimeOffset.Parse(header.GetProperty("createdAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            [new CaptureFile(file.GetProperty("name").GetString()!, file.GetProperty("type").GetString()!, v.Hex("file 0"))]);

        var encoded = content.Encode();
        var node = await InboxNode.RunAsync(
        [
            new
            {
                op = "encode", text = content.Text, createdAt = header.GetProperty("createdAt").GetString(),
                files = new object[] { new { name = content.Files[0].Name, type = content.Files[0].Type, bytes = InboxNode.Hex(v.Hex("file 0")) } },
            },
        ]);

        Assert.Equal(int.Parse(v.Raw("content length"), System.Globalization.CultureInfo.InvariantCulture), encoded.Length);
        Assert.Equal(v.Hex("content sha256"), SHA256.HashData(encoded));
        Assert.Equal(v.Raw("capture header"), Encoding.UTF8.GetString(encoded, 4, encoded[3] | (encoded[2] << 8)));
        Assert.Equal(InboxNode.Hex(encoded), node[0]!.GetValue<string>());
    }

    [Fact]
    public void DerivedIdsVector_IsWhatWeDerive()
    {
        var v = Vector("note id");
        var itemId = Guid.Parse(v.Raw("item id"));
        var digest = v.Hex("item sha256");
        var time = long.Parse(v.Raw("operation time"), System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(digest, SHA256.HashData(Vector("sealed").Hex("sealed")));
        Assert.Equal(Guid.Parse(v.Raw("note id")), InboxIds.Note(itemId, digest));
        Assert.Equal(Guid.Parse(v.Raw("file 0 id")), InboxIds.File(itemId, digest, 0));
        Assert.Equal(Guid.Parse(v.Raw("space id")), InboxIds.Space(v.Hex("inbox public")));
        Assert.Equal(Guid.Parse(v.Raw("avatar id")), InboxIds.SpaceAvatar(v.Hex("inbox public")));
        Assert.Equal(v.Raw("operation json"), OperationJson.Serialize(new DeleteNote(Guid.Parse("5f1d7c2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f"))));
        Assert.Equal(Guid.Parse(v.Raw("operation id")), InboxIds.Operation(time, v.Raw("operation json")));
        Assert.Equal("2026-01-01T03:04:05.678Z", new Timestamp(time).ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
    }
}
