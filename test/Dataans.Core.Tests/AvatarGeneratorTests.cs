using Dataans.Core.Avatars;

namespace Dataans.Core.Tests;

public sealed class AvatarGeneratorTests
{
    [Fact]
    public void SameSeed_GivesSameImage_OtherSeed_GivesAnother()
    {
        var seed = Guid.Parse("54d49bda-644e-44a9-a1ad-4a8fa5f368a5");

        var first = AvatarGenerator.Generate(seed);

        Assert.Equal(first, AvatarGenerator.Generate(seed));
        Assert.NotEqual(first, AvatarGenerator.Generate(Guid.NewGuid()));
        Assert.Equal(".png", ImageFormat.Detect(first));
    }

    [Fact]
    public void SeedThatTurnsNoCellOn_StillGivesAVisiblePattern()
    {
        // A seed whose hash has no pattern bit set (1 in 32,768): found by search, the same every run.
        var seed = Enumerable.Range(0, 1_000_000).Select(BitConverter.GetBytes)
            .First(candidate => System.Security.Cryptography.SHA256.HashData(candidate).Skip(2).Take(5).All(b => (b & 0b111) == 0));
        var blank = new byte[120 * 120 * 3];
        Array.Fill(blank, (byte)240);

        Assert.NotEqual(PngEncoder.Encode(120, 120, blank), AvatarGenerator.Generate(seed));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, ".jpg")]
    [InlineData(new byte[] { (byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a' }, ".gif")]
    [InlineData(new byte[] { (byte)'<', (byte)'s', (byte)'v', (byte)'g' }, null)]
    [InlineData(new byte[0], null)]
    public void ImageFormat_ReadsMagicBytes(byte[] bytes, string? expected)
    {
        Assert.Equal(expected, ImageFormat.Detect(bytes));
    }
}
