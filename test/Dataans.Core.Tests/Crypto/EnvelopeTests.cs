using System.Text;
using Dataans.Core.Crypto;
using FsCheck.Xunit;

namespace Dataans.Core.Tests.Crypto;

public sealed class EnvelopeTests
{
    private static readonly EncryptionKey Key = new(Convert.FromHexString(TestVectors.KeyHex));
    private static readonly byte[] Sample = Envelope.Encrypt(Key, "a note about lunch"u8);

    [Fact]
    public void Encrypt_FixedNonceVector_MatchesDocumentedBytes()
    {
        var envelope = Envelope.Encrypt(
            Key, Convert.FromHexString(TestVectors.EnvelopeNonceHex), Encoding.UTF8.GetBytes(TestVectors.EnvelopePlaintext));

        Assert.Equal(TestVectors.EnvelopeHex, NodeCrypto.Hex(envelope));
    }

    [Fact]
    public void Decrypt_DocumentedVector_GivesPlaintext() =>
        Assert.Equal(TestVectors.EnvelopePlaintext, Encoding.UTF8.GetString(Envelope.Decrypt(Key, Convert.FromHexString(TestVectors.EnvelopeHex))));

    [Property(MaxTest = 200)]
    public bool Decrypt_OfEncrypt_GivesPlaintextBack(byte[] plaintext) =>
        Envelope.Decrypt(Key, Envelope.Encrypt(Key, plaintext)).AsSpan().SequenceEqual(plaintext);

    [Fact]
    public void Encrypt_Layout_IsNonceCiphertextTagMac()
    {
        var envelope = Envelope.Encrypt(Key, new byte[100]);

        Assert.Equal(100 + 12 + 16 + 32, envelope.Length);
        Assert.Equal(Envelope.GetEncryptedLength(100), envelope.Length);
    }

    [Fact]
    public void Encrypt_SamePlaintextTwice_UsesFreshNonces()
    {
        var first = Envelope.Encrypt(Key, "same"u8);
        var second = Envelope.Encrypt(Key, "same"u8);

        Assert.NotEqual(first.AsSpan(0, 12).ToArray(), second.AsSpan(0, 12).ToArray());
    }

    [Fact]
    public void Decrypt_EveryBitOfEveryByteFlipped_ThrowsAuthenticationException()
    {
        for (var position = 0; position < Sample.Length; position++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                var altered = (byte[])Sample.Clone();
                altered[position] ^= (byte)(1 << bit);
                AssertRejected(altered);
            }
        }
    }

    [Fact]
    public void Decrypt_EveryTruncation_ThrowsAuthenticationException()
    {
        for (var length = 0; length < Sample.Length; length++)
        {
            AssertRejected(Sample[..length]);
        }
    }

    [Fact]
    public void Decrypt_Extended_ThrowsAuthenticationException()
    {
        AssertRejected([.. Sample, 0]);
        AssertRejected([0, .. Sample]);
    }

    [Fact]
    public void Decrypt_WrongKey_ThrowsAuthenticationException()
    {
        var other = new EncryptionKey(Enumerable.Repeat((byte)7, 32).ToArray());

        var error = Assert.Throws<EnvelopeAuthenticationException>(() => Envelope.Decrypt(other, Sample));
        Assert.Equal("wrong key or altered data", error.Message);
    }

    [Fact]
    public void Decrypt_ValidGcmButWrongMac_ThrowsAuthenticationException()
    {
        // A GCM tag that checks out is not enough: the HMAC over the plaintext must match too.
        var altered = (byte[])Sample.Clone();
        altered[^1] ^= 0x80;

        AssertRejected(altered);
    }

    [Property(MaxTest = 500)]
    public void Decrypt_ArbitraryBytes_OnlyEverThrowsAuthenticationException(byte[] junk) => AssertRejected(junk);

    private static void AssertRejected(byte[] envelope)
    {
        var error = Record.Exception(() => Envelope.Decrypt(Key, envelope));
        Assert.IsType<EnvelopeAuthenticationException>(error);
    }
}
