namespace Dataans.Core.Tests.Crypto;

/// <summary>The published vectors of docs/formats.md; computed with Node's crypto and libargon2, not with our code.</summary>
internal static class TestVectors
{
    public const string Password = "correct horse battery staple";
    public const string Passphrase = "Amber-Falcon-Quiet-River-Stone";
    public const string DerivedKeyHex = "c0881090e94aa098ab1a2c772068f15061876a1c1aabdcdce705a959c91040cc";

    /// <summary>Bytes 0x00 .. 0x1f.</summary>
    public const string KeyHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    public const string EnvelopeNonceHex = "a0a1a2a3a4a5a6a7a8a9aaab";
    public const string EnvelopePlaintext = "Dataans envelope test vector";
    public const string EnvelopeHex =
        "a0a1a2a3a4a5a6a7a8a9aaab" +
        "a279084c24a5719f070bf1b66b15b0bb50d83c63e6973409ff7a49f4" +
        "b1148b208016d4127060ab12cff68ed2" +
        "b943c0ec9f5392e0bcb26f477348df92ba037d82cc89d0148a7998d6cc735085";

    public const string FileId = "0f8fad5b-d9cb-469f-a165-70867728950e";
    public const string FileNoncePrefixHex = "01020304050607";
    public const int FileChunkSize = 16;
    public const string FilePlaintext = "The quick brown fox jumps over the lazy dog";
    public const string FileStreamHex =
        "44415441414e5301000000100102030405060700" +
        "007b8eeb61b4b59789dad560296195beda5983156fe1454d8551b9ea6b6d65a6" +
        "8543106f9869dc85b56c7532b6c4eb06325a666416c5adf9700fc5ae4597ccff" +
        "e7076e54dbf00128cb3535b453a5c48f7eea1bc6675182e3d08a9c";

    /// <summary>libargon2 (`argon2 dataans-saltvec1 -id -t 2 -k 19456 -p 1 -l 32 -e`) of the derived key above.</summary>
    public const string VerifierSalt = "dataans-saltvec1";
    public const string VerifierPhc =
        "$argon2id$v=19$m=19456,t=2,p=1$ZGF0YWFucy1zYWx0dmVjMQ$1UuHD8G5zVyG/d44NoWbbsd/hB33Znn6xR9DENPo2x4";
}
