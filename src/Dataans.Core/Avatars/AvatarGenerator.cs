using System.Security.Cryptography;

namespace Dataans.Core.Avatars;

/// <summary>
/// Generates a space avatar: a mirrored 5×5 pattern in one colour on a light background, as a
/// 120×120 PNG. The same seed always gives the same bytes. Thread-safe.
/// </summary>
public static class AvatarGenerator
{
    private const int Cells = 5;
    private const int CellSize = 20;
    private const int Margin = 10;
    private const int Size = (Cells * CellSize) + (2 * Margin);

    /// <summary>A PNG avatar drawn from <paramref name="seed"/>: the same seed always gives the same picture.</summary>
    public static byte[] Generate(ReadOnlySpan<byte> seed)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(seed, hash);
        var (red, green, blue) = Colour(hash[0], hash[1]);
        Span<bool> filled = stackalloc bool[Cells * Cells];
        for (var row = 0; row < Cells; row++)
        {
            for (var column = 0; column < 3; column++)
            {
                var on = ((hash[2 + row] >> column) & 1) == 1;
                filled[(row * Cells) + column] = on;
                filled[(row * Cells) + (Cells - 1 - column)] = on;
            }
        }

        var pixels = new byte[Size * Size * 3];
        for (var y = 0; y < Size; y++)
        {
            for (var x = 0; x < Size; x++)
            {
                var inside = x >= Margin && y >= Margin && x < Size - Margin && y < Size - Margin
                    && filled[(((y - Margin) / CellSize) * Cells) + ((x - Margin) / CellSize)];
                var offset = ((y * Size) + x) * 3;
                pixels[offset] = inside ? red : (byte)240;
                pixels[offset + 1] = inside ? green : (byte)240;
                pixels[offset + 2] = inside ? blue : (byte)240;
            }
        }

        return PngEncoder.Encode(Size, Size, pixels);
    }

    /// <summary>A PNG avatar drawn from an id (its 16 big-endian bytes), as the app does for a new space.</summary>
    public static byte[] Generate(Guid seed) => Generate(seed.ToByteArray(bigEndian: true));

    // A saturated, mid-light colour from the hue wheel, so avatars stay readable on both themes.
    private static (byte Red, byte Green, byte Blue) Colour(byte hueByte, byte shadeByte)
    {
        var hue = hueByte / 255.0 * 6.0;
        var lightness = 0.45 + (shadeByte / 255.0 * 0.15);
        var chroma = (1 - Math.Abs((2 * lightness) - 1)) * 0.75;
        var x = chroma * (1 - Math.Abs((hue % 2) - 1));
        var (r, g, b) = (int)hue switch
        {
            0 => (chroma, x, 0.0),
            1 => (x, chroma, 0.0),
            2 => (0.0, chroma, x),
            3 => (0.0, x, chroma),
            4 => (x, 0.0, chroma),
            _ => (chroma, 0.0, x),
        };
        var m = lightness - (chroma / 2);
        return (ToByte(r + m), ToByte(g + m), ToByte(b + m));
    }

    private static byte ToByte(double value) => (byte)Math.Clamp(Math.Round(value * 255), 0, 255);
}
