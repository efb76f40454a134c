using System.Security.Cryptography;
using Dataans.Core.Inbox;

namespace Dataans.Core.Tests.Inbox;

public sealed class InboxSealTests
{
    [Fact]
    public void Seal_ThenOpen_GivesTheContentAndItemId()
    {
        using var pair = InboxKeyPair.Create();
        var id = Guid.NewGuid();
        var content = RandomNumberGenerator.GetBytes(5000);

        var sealedItem = InboxSeal.Seal(pair.PublicKey, id, content);
        var (openedId, opened) = InboxSeal.Open(pair, sealedItem);

        Assert.Equal(id, openedId);
        Assert.Equal(content, opened);
        Assert.Equal(content.Length + InboxSeal.Overhead, sealedItem.Length);
        Assert.Equal(id, InboxSeal.ReadItemId(sealedItem));
    }

    [Fact]
    public void Seal_TwiceTheSameContent_GivesDifferentBytes()
    {
        using var pair = InboxKeyPair.Create();
        var id = Guid.NewGuid();

        Assert.NotEqual(InboxSeal.Seal(pair.PublicKey, id, "same"u8), InboxSeal.Seal(pair.PublicKey, id, "same"u8));
    }

    [Fact]
    public void Open_EveryAlteredByte_IsRefused()
    {
        using var pair = InboxKeyPair.Create();
        var sealedItem = InboxSeal.Seal(pair.PublicKey, Guid.NewGuid(), "a note from the phone"u8);

        for (var i = 0; i < sealedItem.Length; i++)
        {
            var altered = (byte[])sealedItem.Clone();
            altered[i] ^= 0x20;
            Assert.Throws<InboxFormatException>(() => InboxSeal.Open(pair, altered));
        }
    }

    [Fact]
    public void Open_WithAnotherKey_SaysSealedForAnotherKey()
    {
        using var pair = InboxKeyPair.Create();
        using var other = InboxKeyPair.Create();
        var sealedItem = InboxSeal.Seal(pair.PublicKey, Guid.NewGuid(), "x"u8);

        var error = Assert.Throws<InboxFormatException>(() => InboxSeal.Open(other, sealedItem));

        Assert.Contains("another inbox key", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(50)]
    [InlineData(InboxSeal.Overhead - 1)]
    public void Open_TruncatedBytes_IsRefused(int length)
    {
        using var pair = InboxKeyPair.Create();
        var sealedItem = InboxSeal.Seal(pair.PublicKey, Guid.NewGuid(), "x"u8);

        Assert.Throws<InboxFormatException>(() => InboxSeal.Open(pair, sealedItem.AsSpan(0, length)));
    }

    [Fact]
    public void Seal_ToAPointOffTheCurve_IsRefused()
    {
        var bogus = new byte[InboxKeyPair.PublicKeySize];
        bogus[0] = 4;
        bogus[1] = 1;

        Assert.Throws<InboxFormatException>(() => InboxSeal.Seal(bogus, Guid.NewGuid(), "x"u8));
    }

    [Fact]
    public void KeyPair_ExportedAndImported_OpensWhatTheOriginalSealedFor()
    {
        using var pair = InboxKeyPair.Create();
        using var copy = InboxKeyPair.ImportPkcs8(pair.ExportPkcs8());
        var sealedItem = InboxSeal.Seal(pair.PublicKey, Guid.NewGuid(), "x"u8);

        Assert.Equal(pair.PublicKey, copy.PublicKey);
        Assert.Equal("x"u8.ToArray(), InboxSeal.Open(copy, sealedItem).Content);
    }

    [Fact]
    public void Vector_IsStable()
    {
        using var recipient = InboxKeyPair.FromPrivateScalar(InboxVectors.RecipientD);
        using var ephemeral = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = InboxVectors.EphemeralD });

        var sealedItem = InboxSeal.Seal(recipient.PublicKey, InboxVectors.ItemId, InboxVectors.Content, ephemeral);

        Assert.Equal(InboxSeal.Seal(recipient.PublicKey, InboxVectors.ItemId, InboxVectors.Content, ephemeral), sealedItem);
        Assert.Equal(InboxVectors.Content, InboxSeal.Open(recipient, sealedItem).Content);
        Console.WriteLine("recipient-public " + Convert.ToHexStringLower(recipient.PublicKey));
        Console.WriteLine("key-id " + Convert.ToHexStringLower(recipient.KeyId));
        Console.WriteLine("ephemeral-public " + Convert.ToHexStringLower(InboxKeyPair.ExportPublic(ephemeral)));
        Console.WriteLine("sealed " + Convert.ToHexStringLower(sealedItem));
    }
}
