using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dataans.Core.Export;

/// <summary>
/// Our versioned export document (<c>"format": "dataans-export", "version": 1</c>): every visible
/// space with its notes and their files. Times are RFC 3339 UTC strings with nanoseconds.
/// Optional fields are left out when null. Immutable and thread-safe.
/// </summary>
public sealed record ExportDocument(
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("spaces"), JsonPropertyOrder(1)] IReadOnlyList<ExportSpace> Spaces)
{
    /// <summary>The value of <c>"format"</c> in every export.</summary>
    public const string FormatName = "dataans-export";
    /// <summary>The <c>"version"</c> this app writes (and the newest it reads).</summary>
    public const int CurrentVersion = 1;

    /// <summary>How exports are written and read: indented, unescaped text, nulls left out, depth limited.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
        MaxDepth = 32,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>When the export was written (set by <see cref="JsonExporter"/>; null in state snapshots).</summary>
    [JsonPropertyName("exported_at")]
    public string? ExportedAt { get; init; }

    /// <summary>The document as export JSON (<see cref="JsonOptions"/>).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
}

/// <summary>A space in an export.</summary>
/// <param name="Id">The space id.</param>
/// <param name="Name">The space name.</param>
/// <param name="CreatedAt">When the space was created (RFC 3339).</param>
/// <param name="UpdatedAt">When the space was last changed (RFC 3339).</param>
/// <param name="Avatar">The avatar picture's file, if known.</param>
/// <param name="Notes">The visible notes, oldest first.</param>
public sealed record ExportSpace(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("updated_at")] string UpdatedAt,
    [property: JsonPropertyName("avatar")] ExportFile? Avatar,
    [property: JsonPropertyName("notes")] IReadOnlyList<ExportNote> Notes);

/// <summary>A note in an export.</summary>
/// <param name="Id">The note id.</param>
/// <param name="Text">The Markdown text.</param>
/// <param name="CreatedAt">When the note was written (RFC 3339).</param>
/// <param name="UpdatedAt">When the note was last edited (RFC 3339).</param>
/// <param name="HasConflict">True when a concurrent edit lost to the current text.</param>
/// <param name="Files">The attached files in their order.</param>
public sealed record ExportNote(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("updated_at")] string UpdatedAt,
    [property: JsonPropertyName("has_conflict")] bool HasConflict,
    [property: JsonPropertyName("files")] IReadOnlyList<ExportFile> Files);

/// <param name="Path">The file's stored name in the files folder.</param>
/// <param name="DataPath">With attachment bytes: where the bytes are, relative to the export file.</param>
/// <param name="CreatedAt">The file row's creation time (set by <see cref="JsonExporter"/>).</param>
/// <param name="UpdatedAt">The file row's update time (set by <see cref="JsonExporter"/>).</param>
public sealed record ExportFile(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("size")] long? Size,
    [property: JsonPropertyName("data_path")] string? DataPath = null,
    [property: JsonPropertyName("created_at")] string? CreatedAt = null,
    [property: JsonPropertyName("updated_at")] string? UpdatedAt = null);
