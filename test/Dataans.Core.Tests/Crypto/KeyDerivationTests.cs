using Dataans.Core.Crypto;

namespace Dataans.Core.Tests.Crypto;

public sealed class KeyDerivationTests
{
    [Fact]
    public async Task DeriveKeyAsync_PublishedVector_MatchesDocumentedKey()
    {
        var key = await KeyDerivation.DeriveKeyAsync(TestVectors.Password, TestVectors.Passphrase);

        Assert.Equal(TestVectors.DerivedKeyHex, NodeCrypto.Hex(key.ToArray()));
    }

    [Fact]
    public void Iterations_IsTheSeedCount() => Assert.Equal(1_200_000, KeyDerivation.Iterations);

    [Fact]
    public async Task DeriveKeyAsync_SameInputs_GiveEqualKeys()
    {
        var first = await KeyDerivation.DeriveKeyAsync("pw", "Pass-Phrase", iterations: 1000);
        var second = await KeyDerivation.DeriveKeyAsync("pw", "Pass-Phrase", iterations: 1000);

        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData("pw", "Pass-Phrasf")]
    [InlineData("pX", "Pass-Phrase")]
    [InlineData("Pass-Phrase", "pw")]
    public async Task DeriveKeyAsync_AnyInputDiffers_GivesAnotherKey(string password, string passphrase)
    {
        var reference = await KeyDerivation.DeriveKeyAsync("pw", "Pass-Phrase", iterations: 1000);
        var other = await KeyDerivation.DeriveKeyAsync(password, passphrase, iterations: 1000);

        Assert.NotEqual(reference, other);
    }

    [Fact]
    public async Task DeriveKeyAsync_CancelledToken_ThrowsOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => KeyDerivation.DeriveKeyAsync(TestVectors.Password, TestVectors.Passphrase, cancellation.Token));
    }

    [Theory]
    [InlineData("", "Pass-Phrase")]
    [InlineData("pw", "")]
    public async Task DeriveKeyAsync_EmptyInput_ThrowsArgumentException(string password, string passphrase) =>
        await Assert.ThrowsAsync<ArgumentException>(() => KeyDerivation.DeriveKeyAsync(password, passphrase));

    [Fact]
    public void EncryptionKey_ToString_DoesNotRevealBytes()
    {
        var key = new EncryptionKey(Convert.FromHexString(TestVectors.DerivedKeyHex));

        Assert.DoesNotContain("c0", key.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("192", key.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void EncryptionKey_WrongLength_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => new EncryptionKey(new byte[31]));

    [Fact]
    public async Task DeriveKeyAsync_FullIterations_MatchesNodePbkdf2()
    {
        (string Password, string Passphrase)[] inputs =
        [
            ("hunter2", "Zebra-Orbit-Maple-Quartz-Lantern"),
            ("pässwörd ✓ 密码 🔑", "Café-Naïve-Über-Smörgåsbord-Ĳssel"),
            (new string('x', 300), "a"),
        ];

        var node = await NodeCrypto.RunAsync(
            [.. inputs.Select(i => (object)new { op = "kdf", password = i.Password, passphrase = i.Passphrase, iterations = KeyDerivation.Iterations })]);

        for (var i = 0; i < inputs.Length; i++)
        {
            var key = await KeyDerivation.DeriveKeyAsync(inputs[i].Password, inputs[i].Passphrase);
            Assert.Equal(node[i], NodeCrypto.Hex(key.ToArray()));
        }
    }
}
