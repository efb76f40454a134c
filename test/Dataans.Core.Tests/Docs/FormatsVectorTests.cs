using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dataans.Contracts;
using Dataans.Contracts.Operations;
using Dataans.Contracts.Sync;
using Dataans.Core.Crypto;
using Dataans.Core.Operations;
using Dataans.Core.Sync;

namespace Dataans.Core.Tests.Docs;

/// <summary>
/// Every vector printed in docs/formats.md is parsed out of the document and checked against our code:
/// editing a vector, or the code, without the other fails here. (The Node client of the sync tests checks
/// the same vectors against its own implementation.)
/// </summary>
public sealed class FormatsVectorTests
{
    private static readonly IReadOnlyList<FormatsVectors> Vectors = FormatsVectors.Load();

    [Fact]
    public void Document_HasOneDigestVectorPerKind_AndEachCryptoVector()
    {
        var kinds = DigestVectors().Select(vector => Encoding.UTF8.GetString(vector.Hex("kind"))).Order().ToList();

        Assert.Equal(Enum.GetNames<OperationKind>().Order(), kinds);
        Assert.Single(Vectors, vector => vector.Has("password"));
        Assert.Single(Vectors, vector => vector.Has("envelope"));
        Assert.Single(Vectors, vector => vector.Has("wire"));
        Assert.Single(Vectors, vector => vector.Has("verifier"));
        Assert.Equal(2, Vectors.Count(vector => vector.Has("stream")));
        Assert.All(Vectors, vector => Assert.True(
            vector.Has("digest") || vector.Has("password") || vector.Has("envelope") || vector.Has("wire") || vector.Has("verifier") || vector.Has("stream")
                || vector.Has("sealed") || vector.Has("capture header") || vector.Has("note id"),
            $"The vector block under '{vector.Heading}' is of no known kind."));
    }

    [Fact]
    public void DigestVectors_AreWhatWeWriteAndHash()
    {
        foreach (var vector in DigestVectors())
        {
            var json = vector.Raw("record");
            var record = OperationJson.DeserializeRecord(Encoding.UTF8.GetBytes(json));
            var input = vector.Fields.SkipWhile(field => field.Name != "record").Skip(1).TakeWhile(field => field.Name != "digest")
                .SelectMany(field => vector.Hex(field.Name)).ToArray();

            Assert.Equal(json, Encoding.UTF8.GetString(OperationJson.SerializeRecord(record)));
            Assert.Equal(Convert.ToHexStringLower(vector.Hex("digest")), Convert.ToHexStringLower(OperationDigest.Compute(record)));
            Assert.Equal(vector.Hex("digest"), SHA256.HashData(input)); // the listed bytes are the whole input
            Assert.Equal(record.Id.ToByteArray(bigEndian: true), vector.Hex("id"));
            Assert.Equal(record.Operation.Kind.ToString(), Encoding.UTF8.GetString(vector.Hex("kind")));
        }
    }

    [Fact]
    public void KeyDerivationVector_MatchesOurDerivation()
    {
        var vector = Vectors.Single(candidate => candidate.Has("password"));
        var password = vector.Text("password");
        var passphrase = vector.Text("passphrase");

        Assert.Equal(KeyDerivation.Iterations, vector.Number("iterations"));
        Assert.Equal(vector.Hex("sha256 password"), SHA256.HashData(Encoding.UTF8.GetBytes(password)));
        Assert.Equal(vector.Hex("sha256 passphrase"), SHA256.HashData(Encoding.UTF8.GetBytes(passphrase)));
        Assert.Equal(vector.Hex("key"), KeyDerivation.Derive(password, passphrase, KeyDerivation.Iterations).Span.ToArray());
    }

    [Fact]
    public void EnvelopeVector_MatchesOurEnvelope()
    {
        var vector = Vectors.Single(candidate => candidate.Has("envelope"));
        var key = new EncryptionKey(vector.Hex("key"));
        var plaintext = Encoding.UTF8.GetBytes(vector.Text("plaintext"));
        var envelope = vector.Hex("envelope");

        Assert.Equal(envelope, Envelope.Encrypt(key, vector.Hex("nonce"), plaintext));
        byte[] parts = [.. vector.Hex("nonce"), .. vector.Hex("ciphertext"), .. vector.Hex("tag"), .. vector.Hex("hmac")];
        Assert.Equal(envelope, parts);
        Assert.Equal(plaintext, Envelope.Decrypt(key, envelope));
    }

    [Fact]
    public void OperationAsPushedVector_IsOurWireFormat_AndPassesEveryReaderCheck()
    {
        var vector = Vectors.Single(candidate => candidate.Has("wire"));
        var key = new EncryptionKey(vector.Hex("key"));
        var recordJson = Encoding.UTF8.GetBytes(vector.Raw("record"));
        var record = OperationJson.DeserializeRecord(recordJson);
        var sealedOp = new PushOperation
        {
            Id = record.Id,
            CreatedAt = record.CreatedAt,
            Data = Envelope.Encrypt(key, vector.Hex("nonce"), recordJson),
            Checksum = new OperationChecksum(key).Compute(record),
        };

        Assert.Equal(vector.Hex("checksum key"), HKDF.DeriveKey(HashAlgorithmName.SHA256, key.ToArray(), 32, [], OperationChecksum.SubkeyInfoLabel.ToArray()));
        Assert.Equal(vector.Hex("checksum"), sealedOp.Checksum);
        Assert.Equal(vector.Raw("wire"), JsonSerializer.Serialize(sealedOp, V2JsonContext.Default.PushOperation));
        var wire = JsonSerializer.Deserialize(vector.Raw("wire"), V2JsonContext.Default.PushOperation)!;
        var read = OperationCodec.TryDecode(key, new OperationChecksum(key), ReceivedOperation.From(new SyncOperation { Seq = 1, Id = wire.Id, CreatedAt = wire.CreatedAt, Data = wire.Data, Checksum = wire.Checksum }), out var reason, out var keyed);
        Assert.Null(reason);
        Assert.True(keyed);
        Assert.Equal(record, read);
    }

    [Fact]
    public async Task FileStreamVectors_MatchOurFileCipher()
    {
        foreach (var vector in Vectors.Where(candidate => candidate.Has("stream")))
        {
            var key = new EncryptionKey(vector.Hex("key"));
            var fileId = vector.Uuid("file id");
            var plaintext = Encoding.UTF8.GetBytes(vector.Text("plaintext"));
            var stream = vector.Hex("stream");
            var chunkSize = vector.Number("chunk size");
            var chunks = vector.Fields.Where(field => field.Name.StartsWith("chunk ", StringComparison.Ordinal) && field.Name != "chunk size").ToList();

            Assert.Equal(vector.Hex("file key"), FileKey(key, fileId));
            Assert.Equal(vector.Hex("content prefix"), FileCipherHeader.ForContent(key, fileId, SHA256.HashData(plaintext), chunkSize).NoncePrefix.ToArray());
            using var encrypted = new MemoryStream();
            await FileCipher.EncryptAsync(key, fileId, FileCipherHeader.Create(chunkSize, vector.Hex("nonce prefix")), new MemoryStream(plaintext), encrypted);
            Assert.Equal(Convert.ToHexStringLower(stream), Convert.ToHexStringLower(encrypted.ToArray()));
            byte[] parts = [.. vector.Hex("header"), .. chunks.SelectMany(field => vector.Hex(field.Name))];
            Assert.Equal(stream, parts);
            Assert.Equal(Math.Max(1, (plaintext.Length + chunkSize - 1) / chunkSize), chunks.Count);
            Assert.Equal(20 + plaintext.Length + (16 * chunks.Count), stream.Length);
            using var decrypted = new MemoryStream();
            await FileCipher.DecryptAsync(key, fileId, new MemoryStream(stream), decrypted);
            Assert.Equal(plaintext, decrypted.ToArray());
        }
    }

    [Fact]
    public async Task VerifierVector_MatchesOurKeyVerifier()
    {
        var vector = Vectors.Single(candidate => candidate.Has("verifier"));
        var key = new EncryptionKey(vector.Hex("key"));
        var verifier = vector.Text("verifier");

        Assert.Equal(verifier, Dataans.Core.Crypto.KeyVerifier.Create(key, Encoding.ASCII.GetBytes(vector.Text("salt"))));
        Assert.True(await Dataans.Core.Crypto.KeyVerifier.VerifyAsync(key, verifier));
    }

    private static IEnumerable<FormatsVectors> DigestVectors() => Vectors.Where(vector => vector.Has("record") && vector.Has("digest"));

    private static byte[] FileKey(EncryptionKey key, Guid fileId) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, key.Span.ToArray(), 32, salt: [], info: [.. "dataans-file-stream-v1"u8, .. fileId.ToByteArray(bigEndian: true)]);
}
