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
