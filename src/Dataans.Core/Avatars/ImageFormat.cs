namespace Dataans.Core.Avatars;

/// <summary>Recognises raster images by their magic bytes (never by the file name). Thread-safe.</summary>
public static class ImageFormat
{
    /// <returns>The file extension (with the dot) for the image, or null if it is not a supported image.</returns>
    public static string? Detect(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ".png";
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return ".jpg";
        }

        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8))
        {
            return ".gif";
        }

        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return ".webp";
        }

        return bytes.StartsWith("BM"u8) && bytes.Length > 26 ? ".bmp" : null;
    }
}
