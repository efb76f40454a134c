using System.Security.Cryptography;
using Dataans.Core.Crypto;

namespace Dataans.Core.Tests.Crypto;

/// <summary>Envelopes and file streams written by .NET read in Node, and the reverse.</summary>
public sealed class NodeCrossCheckTests
{
    private static readonly int[] Sizes = [0, 1, 15, 16, 17, 1000, 70_000];

    [Fact]
    public async Task Envelope_EncryptedByDotNet_DecryptsInNode()
    {
        var key = new EncryptionKey(RandomNumberGenerator.GetBytes(32));
        var plaintexts = Sizes.Select(RandomNumberGenerator.GetBytes).ToArray();

        var node = await NodeCrypto.RunAsync(
            [.. plaintexts.Select(p => (object)new { op = "envDecrypt", key = Hex(key), data = NodeCrypto.Hex(Envelope.Encrypt(key, p)) })]);

        Assert.Equal(plaintexts.Select(p => NodeCrypto.Hex(p)), node);
    }

    [Fact]
    public async Task Envelope_EncryptedByNode_DecryptsInDotNet()
    {
        var key = new EncryptionKey(RandomNumberGenerator.GetBytes(32));
        var plaintexts = Sizes.Select(RandomNumberGenerator.GetBytes).ToArray();

        var node = await NodeCrypto.RunAsync(
            [.. plaintexts.Select(p => (object)new { op = "envEncrypt", key = Hex(key), data = NodeCrypto.Hex(p) })]);

        for (var i = 0; i < plaintexts.Length; i++)
        {
            Assert.Equal(plaintexts[i], Envelope.Decrypt(key, Convert.FromHexString(node[i]!)));
        }
    }

    [Fact]
    public async Task Envelope_AlteredByDotNetSide_IsRejectedByNodeToo()
    {
        var key = new EncryptionKey(RandomNumberGenerator.GetBytes(32));
        var envelope = Envelope.Encrypt(key, "text"u8);
        envelope[^1] ^= 1;

        var node = await NodeCrypto.RunAsync([new { op = "envDecrypt", key = Hex(key), data = NodeCrypto.Hex(envelope) }]);

        Assert.Null(node[0]);
    }

    [Fact]
    public async Task FileStream_EncryptedByDotNet_DecryptsInNode()
    {
        var key = new EncryptionKey(RandomNumberGenerator.GetBytes(32));
        var fileId = Guid.NewGuid();
        var plaintexts = Sizes.Select(RandomNumberGenerator.GetBytes).ToArray();
        var requests = new List<object>();
        foreach (var plaintext in plaintexts)
        {
            using var output = new MemoryStream();
            await FileCipher.EncryptAsync(key, fileId, new MemoryStream(plaintext), output, chunkSize: 16);
            requests.Add(new { op = "fileDecrypt", key = Hex(key), fileId = fileId.ToString("N"), data = NodeCrypto.Hex(output.ToArray()) });
        }

        var node = await NodeCrypto.RunAsync(requests);

        Assert.Equal(plaintexts.Select(p => NodeCrypto.Hex(p)), node);
    }

    [Fact]
    public async Task FileStream_EncryptedByNode_DecryptsInDotNet()
    {
        var key = new EncryptionKey(RandomNumberGenerator.GetBytes(32));
        var fileId = Guid.NewGuid();
        var plaintexts = Sizes.Select(RandomNumberGenerator.GetBytes).ToArray();

        var node = await NodeCrypto.RunAsync(
            [.. plaintexts.Select(p => (object)new
            {
                op = "fileEncrypt", key = Hex(key), fileId = fileId.ToString("N"), prefix = "a1b2c3d4e5f607", chunkSize = 4096, data = NodeCrypto.Hex(p),
            })]);

        for (var i = 0; i < plaintexts.Length; i++)
        {
            using var output = new MemoryStream();
            await FileCipher.DecryptAsync(key, fileId, new MemoryStream(Convert.FromHexString(node[i]!)), output);
            Assert.Equal(plaintexts[i], output.ToArray());
        }
    }

    private static string Hex(EncryptionKey key) => NodeCrypto.Hex(key.ToArray());
}
