using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dataans.Core.Inbox;

/// <summary>
/// What a capture holds before it is sealed: text, attached files and when it was made. Encoded as
/// <c>u32 big-endian header length || UTF-8 JSON header || each file's bytes in order || zero padding</c>;
/// the padding brings the length to <see cref="PaddedLength"/> so the sealed size says little about
/// the content. Immutable.
/// </summary>
/// <param name="Text">The captured Markdown text (may be empty when files are attached).</param>
/// <param name="CreatedAt">When the capture was made, on the capturing device's clock.</param>
/// <param name="Files">The attached files, in order.</param>
/// <param name="Source">Optional: what sealed it (e.g. "capture page").</param>
public sealed record CaptureContent(string Text, DateTimeOffset CreatedAt, IReadOnlyList<CaptureFile> Files, string? Source = null)
{
    /// <summary>The most files one capture may carry.</summary>
    public const int MaxFiles = 100;

    /// <summary>The longest captured text, in UTF-16 code units.</summary>
    public const int MaxTextLength = 1024 * 1024;

    /// <summary>The longest file name, in UTF-16 code units.</summary>
    public const int MaxNameLength = 255;
    private const int MinimumPaddedLength = 1024;

    // Written like JavaScript's JSON.stringify (no \u escapes for non-ASCII text), as the capture page does.
    private static readonly JsonSerializerOptions WriteOptions = new(CaptureJson.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = CaptureJson.Default,
    };

    /// <summary>The encoded, padded content, ready for <see cref="InboxSeal.Seal(ReadOnlySpan{byte}, Guid, ReadOnlySpan{byte})"/>.</summary>
    /// <exception cref="ArgumentException">Too much text, too many files, or a file without a name.</exception>
    public byte[] Encode()
    {
        Validate(Text, Files.Count);
        var header = new CaptureHeader
        {
            Version = 1,
            CreatedAt = CreatedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            Text = Text,
            Files = [.. Files.Select(file => new CaptureHeaderFile { Name = CheckName(file.Name), Type = file.Type, Size = file.Bytes.Length })],
            Source = Source,
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(header, WriteOptions.GetTypeInfo(typeof(CaptureHeader)));
        long length = 4L + json.Length + Files.Sum(file => (long)file.Bytes.Length);
        var output = new byte[checked((int)PaddedLength(length))];
        BinaryPrimitives.WriteUInt32BigEndian(output, (uint)json.Length);
        json.CopyTo(output, 4);
        var offset = 4 + json.Length;
        foreach (var file in Files)
        {
            file.Bytes.CopyTo(output, offset);
            offset += file.Bytes.Length;
        }

        return output;
    }

    /// <summary>Reads encoded content (the padding must be zeros).</summary>
    /// <exception cref="InboxFormatException">The bytes are not capture content this version understands.</exception>
    public static CaptureContent Decode(ReadOnlySpan<byte> content)
    {
        if (content.Length < 4)
        {
            throw new InboxFormatException("the capture content is too short");
        }

        var headerLength = BinaryPrimitives.ReadUInt32BigEndian(content);
        if (headerLength > content.Length - 4)
        {
            throw new InboxFormatException("the capture header is longer than the content");
        }

        CaptureHeader header;
        try
        {
            header = JsonSerializer.Deserialize(content.Slice(4, (int)headerLength), CaptureJson.Default.CaptureHeader)
                ?? throw new InboxFormatException("the capture header is null");
        }
        catch (JsonException exception)
        {
            throw new InboxFormatException("the capture header is not valid JSON", exception);
        }

        if (header.Version != 1)
        {
            throw new InboxFormatException($"the capture content has version {header.Version}; this app reads version 1");
        }

        if (!DateTimeOffset.TryParse(header.CreatedAt, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var createdAt))
        {
            throw new InboxFormatException("the capture time is not an RFC 3339 time");
        }

        var entries = header.Files ?? [];
        try
        {
            Validate(header.Text ?? string.Empty, entries.Count);
        }
        catch (ArgumentException exception)
        {
            throw new InboxFormatException("the capture content is out of bounds: " + exception.Message, exception);
        }

        var offset = 4L + headerLength;
        var files = new List<CaptureFile>(entries.Count);
        foreach (var entry in entries)
        {
            if (entry.Size < 0 || entry.Size > content.Length - offset || string.IsNullOrWhiteSpace(entry.Name) || entry.Name.Length > MaxNameLength)
            {
                throw new InboxFormatException("a captured file's name or size is invalid");
            }

            files.Add(new CaptureFile(entry.Name, entry.Type ?? string.Empty, content.Slice((int)offset, (int)entry.Size).ToArray()));
            offset += entry.Size;
        }

        if (content[(int)offset..].ContainsAnyExcept((byte)0))
        {
            throw new InboxFormatException("the capture padding is not zeros");
        }

        return new CaptureContent(header.Text ?? string.Empty, createdAt, files, header.Source);
    }

    /// <summary>
    /// The padded length for <paramref name="length"/> content bytes: at least 1 KiB, above that Padmé
    /// (the length rounded up so that only its top ~log2(log2 L) bits vary; at most 12 % larger).
    /// </summary>
    public static long PaddedLength(long length)
    {
        if (length <= MinimumPaddedLength)
        {
            return MinimumPaddedLength;
        }

        var exponent = 63 - (int)long.LeadingZeroCount(length);
        var bits = 32 - int.LeadingZeroCount(exponent);
        var mask = (1L << (exponent - bits)) - 1;
        return (length + mask) & ~mask;
    }

    private static void Validate(string text, int files)
    {
        if (text.Length > MaxTextLength)
        {
            throw new ArgumentException($"A capture can have at most {MaxTextLength:N0} characters of text.");
        }

        if (files > MaxFiles)
        {
            throw new ArgumentException($"A capture can have at most {MaxFiles} files.");
        }
    }

    private static string CheckName(string name) =>
        string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength
            ? throw new ArgumentException($"A captured file needs a name of 1 to {MaxNameLength} characters.")
            : name;
}

/// <summary>A captured file: its name, media type (may be empty) and bytes.</summary>
/// <param name="Name">The file's name.</param>
/// <param name="Type">Its media type, or empty.</param>
/// <param name="Bytes">Its content.</param>
public sealed record CaptureFile(string Name, string Type, byte[] Bytes);

internal sealed class CaptureHeader
{
    [JsonPropertyName("v")]
    public int Version { get; init; }

    public string CreatedAt { get; init; } = string.Empty;

    public string? Text { get; init; }

    public List<CaptureHeaderFile>? Files { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Source { get; init; }
}

internal sealed class CaptureHeaderFile
{
    public string Name { get; init; } = string.Empty;

    public string? Type { get; init; }

    public long Size { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CaptureHeader))]
internal sealed partial class CaptureJson : JsonSerializerContext;
