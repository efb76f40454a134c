using System.Security.Cryptography;
using System.Text;
using Dataans.Core.Inbox;

namespace Dataans.Core.Tests.Inbox;

/// <summary>The capture page's WebCrypto sealing (run in Node) and our .NET code open each other's items.</summary>
public sealed class InboxNodeCrossCheckTests
{
    private static readonly int[] Sizes = [0, 1, 16, 1000, 70_000];

    [Fact]
    public async Task SealedByThePage_OpensInDotNet()
    {
        using var pair = InboxKeyPair.Create();
        var contents = Sizes.Select(RandomNumberGenerator.GetBytes).ToArray();
        var ids = contents.Select(_ => Guid.NewGuid()).ToArray();

        var node = await InboxNode.RunAsync(
            [.. contents.Select((c, i) => (object)new { op = "seal", publicKey = InboxNode.Hex(pair.PublicKey), itemId = ids[i].ToString(), content = InboxNode.Hex(c) })]);

        for (var i = 0; i < contents.Length; i++)
        {
            var (id, content) = InboxSeal.Open(pair, Convert.FromHexString(node[i]!.GetValue<string>()));
            Assert.Equal(ids[i], id);
            Assert.Equal(contents[i], content);
        }
    }

    [Fact]
    public async Task SealedByDotNet_OpensWithTheReferenceOpener_AndAlteredItemsDoNot()
    {
        using var pair = InboxKeyPair.Create();
        var d = pair.Key.ExportParameters(true).D!;
        var id = Guid.NewGuid();
        var content = RandomNumberGenerator.GetBytes(3000);
        var sealedItem = InboxSeal.Seal(pair.PublicKey, id, content);
        var altered = (byte[])sealedItem.Clone();
        altered[^20] ^= 1;

        var node = await InboxNode.RunAsync(
        [
            new { op = "open", recipientD = InboxNode.Hex(d), recipientPublic = InboxNode.Hex(pair.PublicKey), item = InboxNode.Hex(sealedItem) },
            new { op = "open", recipientD = InboxNode.Hex(d), recipientPublic = InboxNode.Hex(pair.PublicKey), item = InboxNode.Hex(altered) },
        ]);

        Assert.Equal(id.ToString("N"), node[0]!["itemId"]!.GetValue<string>());
        Assert.Equal(InboxNode.Hex(content), node[0]!["content"]!.GetValue<string>());
        Assert.Null(node[1]);
    }

    [Fact]
    public async Task ContentEncodedByThePage_DecodesInDotNet()
    {
        var photo = RandomNumberGenerator.GetBytes(40_000);
        var node = await InboxNode.RunAsync(
        [
            new
            {
                op = "encode", text = "Ключ: «milk» & <eggs> 🥚", createdAt = "2026-03-04T05:06:07.891Z", source = "capture page",
                files = new object[] { new { name = "photo.jpg", type = "image/jpeg", bytes = InboxNode.Hex(photo) }, new { name = "empty.txt", type = "", bytes = "" } },
            },
        ]);
        var encoded = Convert.FromHexString(node[0]!.GetValue<string>());

        var content = CaptureContent.Decode(encoded);

        Assert.Equal("Ключ: «milk» & <eggs> 🥚", content.Text);
        Assert.Equal(DateTimeOffset.Parse("2026-03-04T05:06:07.891Z", System.Globalization.CultureInfo.InvariantCulture), content.CreatedAt);
        Assert.Equal("capture page", content.Source);
        Assert.Equal(["photo.jpg", "empty.txt"], content.Files.Select(f => f.Name));
        Assert.Equal(photo, content.Files[0].Bytes);
        Assert.Equal("image/jpeg", content.Files[0].Type);
        Assert.Empty(content.Files[1].Bytes);
        Assert.Equal(CaptureContent.PaddedLength(encoded.Length), encoded.Length);
    }

    [Fact]
    public async Task ContentEncodedByDotNet_IsByteForByteWhatThePageWrites()
    {
        var content = new CaptureContent("Buy milk — и хлеб", DateTimeOffset.Parse("2026-03-04T05:06:07.891Z", System.Globalization.CultureInfo.InvariantCulture),
            [new CaptureFile("a.png", "image/png", [1, 2, 3])]);

        var node = await InboxNode.RunAsync(
        [
            new { op = "encode", text = content.Text, createdAt = "2026-03-04T05:06:07.891Z", files = new object[] { new { name = "a.png", type = "image/png", bytes = "010203" } } },
        ]);

        Assert.Equal(node[0]!.GetValue<string>(), InboxNode.Hex(content.Encode()));
    }

    [Fact]
    public async Task PaddedLength_IsTheSameInBothImplementations()
    {
        long[] lengths = [0, 1, 1024, 1025, 2047, 2048, 2049, 10_000, 65_535, 65_536, 1_000_003, 26_214_400];

        var node = await InboxNode.RunAsync([new { op = "padded", lengths }]);

        Assert.Equal(lengths.Select(CaptureContent.PaddedLength), node[0]!.AsArray().Select(n => n!.GetValue<long>()));
        Assert.All(lengths.Where(n => n > 1024), n => Assert.InRange(CaptureContent.PaddedLength(n), n, n + (n * 12 / 100)));
    }

    [Fact]
    public void Content_RoundTripsAndRefusesNonZeroPadding()
    {
        var content = new CaptureContent("text", DateTimeOffset.UnixEpoch, [new CaptureFile("f.bin", "application/octet-stream", Encoding.UTF8.GetBytes("bytes"))]);
        var encoded = content.Encode();

        var decoded = CaptureContent.Decode(encoded);
        encoded[^1] = 1;

        Assert.Equal("text", decoded.Text);
        Assert.Equal("bytes"u8.ToArray(), decoded.Files[0].Bytes);
        Assert.Throws<InboxFormatException>(() => CaptureContent.Decode(encoded));
    }
}
