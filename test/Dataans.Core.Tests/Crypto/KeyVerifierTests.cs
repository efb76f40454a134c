using System.Text;
using Dataans.Core.Crypto;

namespace Dataans.Core.Tests.Crypto;

public sealed class KeyVerifierTests
{
    private static readonly EncryptionKey Key = new(Convert.FromHexString(TestVectors.DerivedKeyHex));
    private static readonly EncryptionKey OtherKey = new(Convert.FromHexString(TestVectors.KeyHex));

    [Fact]
    public void Create_FixedSalt_MatchesLibargon2Vector() =>
        Assert.Equal(TestVectors.VerifierPhc, KeyVerifier.Create(Key, Encoding.ASCII.GetBytes(TestVectors.VerifierSalt)));

    [Fact]
    public async Task VerifyAsync_Libargon2Vector_AcceptsItsKeyOnly()
    {
        Assert.True(await KeyVerifier.VerifyAsync(Key, TestVectors.VerifierPhc));
        Assert.False(await KeyVerifier.VerifyAsync(OtherKey, TestVectors.VerifierPhc));
    }

    [Fact]
    public async Task CreateAsync_NewVerifier_HasTheOriginalsShapeAndVerifies()
    {
        var verifier = await KeyVerifier.CreateAsync(Key);

        Assert.Matches(@"^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$", verifier);
        Assert.True(await KeyVerifier.VerifyAsync(Key, verifier));
        Assert.NotEqual(verifier, await KeyVerifier.CreateAsync(Key));
    }

    [Fact]
    public async Task EnsureMatchesAsync_WrongKey_TellsTheUserToCheckPasswordAndPassphrase()
    {
        var error = await Assert.ThrowsAsync<KeyMismatchException>(() => KeyVerifier.EnsureMatchesAsync(OtherKey, TestVectors.VerifierPhc));

        Assert.Contains("password", error.Message, StringComparison.Ordinal);
        Assert.Contains("passphrase", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task EnsureMatchesAsync_RightKey_Completes() =>
        await KeyVerifier.EnsureMatchesAsync(Key, TestVectors.VerifierPhc);

    [Theory]
    [InlineData("")]
    [InlineData("not a hash")]
    [InlineData("$argon2i$v=19$m=19456,t=2,p=1$ZGF0YWFucy1zYWx0dmVjMQ$1UuHD8G5zVyG/d44NoWbbsd/hB33Znn6xR9DENPo2x4")]
    [InlineData("$argon2id$v=16$m=19456,t=2,p=1$ZGF0YWFucy1zYWx0dmVjMQ$1UuHD8G5zVyG/d44NoWbbsd/hB33Znn6xR9DENPo2x4")]
    [InlineData("$argon2id$v=19$m=19456,t=2$ZGF0YWFucy1zYWx0dmVjMQ$1UuHD8G5zVyG/d44NoWbbsd/hB33Znn6xR9DENPo2x4")]
    [InlineData("$argon2id$v=19$m=19456,t=2,p=1,p=1$ZGF0YWFucy1zYWx0dmVjMQ$1UuHD8G5zVyG/d44NoWbbsd/hB33Znn6xR9DENPo2x4")]
    [InlineData("$argon2id$v=19$m=99999999,t=2,p=1$ZGF0YWFucy1zYWx0dmVjMQ$1UuHD8G5zVyG/d44NoWbbsd/hB33Znn6xR9DENPo2x4")]
    [InlineData("$argon2id$v=19$m=19456,t=0,p=1$ZGF0YWFucy1zYWx0dmVjMQ$1UuHD8G5zVyG/d44NoWbbsd/hB33Znn6xR9DENPo2x4")]
    [InlineData("$argon2id$v=19$m=19456,t=2,p=1$ZGF0YWFucy1zYWx0dmVjMQ==$1UuHD8G5zVyG/d44NoWbbsd/hB33Znn6xR9DENPo2x4")]
    [InlineData("$argon2id$v=19$m=19456,t=2,p=1$ZGF0YWFucy1zYWx0dmVjMQ$1UuHD8G5zVyG_d44NoWbbsd/hB33Znn6xR9DENPo2x4")]
    [InlineData("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$1UuHD8G5zVyG/d44NoWbbsd/hB33Znn6xR9DENPo2x4")]
    [InlineData("$argon2id$v=19$m=19456,t=2,p=1$ZGF0YWFucy1zYWx0dmVjMQ$1UuHD8G5zVyG/d44NoWbbsd/hB33Znn6xR9DENPo2x4$")]
    public async Task VerifyAsync_MalformedVerifier_ThrowsFormatException(string verifier) =>
        await Assert.ThrowsAsync<FormatException>(() => KeyVerifier.VerifyAsync(Key, verifier));
}
