using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Dataans.Contracts.Operations;

/// <summary>
/// Reads and writes operations in the original Dataans JSON: a serde externally tagged enum with
/// snake_case payload fields, UUIDs as hyphenated strings and RFC 3339 timestamps. Unknown fields are
/// ignored (additive changes stay readable). Thread-safe.
/// </summary>
public static partial class OperationJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private static readonly JsonDocumentOptions ReaderOptions = new() { MaxDepth = 16 };

    /// <summary>The JSON of the operation alone (what the original stores in its <c>operation</c> column).</summary>
    public static string Serialize(Operation operation)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteOperation(writer, operation);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The JSON of a whole record: <c>{"id":…,"created_at":…,"operation":{…}}</c>, then <c>"device"</c> when the record names its device.</summary>
    public static byte[] SerializeRecord(OperationRecord record)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("id", record.Id);
            writer.WriteString("created_at", record.CreatedAt.ToString());
            writer.WritePropertyName("operation");
            WriteOperation(writer, record.Operation);
            WriteDevice(writer, record.Device);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// The JSON of a whole record around operation JSON already written by <see cref="Serialize"/> (as the
    /// local log keeps it), with the <paramref name="device"/> that wrote it when known: the same bytes as <see cref="SerializeRecord(OperationRecord)"/>, without
    /// parsing the operation back.
    /// </summary>
    public static byte[] SerializeRecord(Guid id, Timestamp createdAt, string operationJson, OperationDevice? device = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteString("created_at", createdAt.ToString());
            writer.WritePropertyName("operation");
            writer.WriteRawValue(operationJson);
            WriteDevice(writer, device);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <exception cref="OperationFormatException">The JSON is not a valid operation.</exception>
    public static Operation Deserialize(string json)
    {
        using var document = Parse(Encoding.UTF8.GetBytes(json));
        return ReadOperation(document.RootElement);
    }

    /// <exception cref="OperationFormatException">The JSON is not a valid operation record.</exception>
    public static OperationRecord DeserializeRecord(ReadOnlySpan<byte> utf8Json)
    {
        using var document = Parse(utf8Json.ToArray());
        var root = document.RootElement;
        RequireKind(root, JsonValueKind.Object, "record");
        var id = ReadGuid(root, "id");
        var createdAt = ReadTimestamp(root, "created_at");
        if (!root.TryGetProperty("operation", out var operation))
        {
            throw new OperationFormatException("The record has no 'operation' field.");
        }

        return new OperationRecord(id, createdAt, ReadOperation(operation)) { Device = ReadDevice(root) };
    }

    private static JsonDocument Parse(byte[] utf8Json)
    {
        try
        {
            return JsonDocument.Parse(utf8Json, ReaderOptions);
        }
        catch (JsonException exception)
        {
            throw new OperationFormatException("The operation is not valid JSON.", exception);
        }
    }

    private static void WriteOperation(Utf8JsonWriter writer, Operation operation)
    {
        writer.WriteStartObject();
        writer.WritePropertyName(operation.Kind.ToString());
        operation.Accept(new PayloadWriter(writer));
        writer.WriteEndObject();
    }

    private static Operation ReadOperation(JsonElement element)
    {
        RequireKind(element, JsonValueKind.Object, "operation");
        using var properties = element.EnumerateObject();
        if (!properties.MoveNext())
        {
            throw new OperationFormatException("The operation object is empty.");
        }

        var tag = properties.Current;
        if (properties.MoveNext())
        {
            throw new OperationFormatException("The operation object must have exactly one tag.");
        }

        // Only the exact names: Enum.TryParse alone would also take numbers and comma lists.
        if (!Enum.TryParse(tag.Name, out OperationKind kind) || kind.ToString() != tag.Name)
        {
            throw new OperationFormatException($"Unknown operation kind '{Truncate(tag.Name)}'.");
        }

        var value = tag.Value;
        return kind switch
        {
            OperationKind.CreateNote => new CreateNote(ReadNote(value)),
            OperationKind.UpdateNote => new UpdateNote(ReadNote(value)),
            OperationKind.DeleteNote => new DeleteNote(ReadGuidValue(value, "DeleteNote")),
            OperationKind.CreateFile => new CreateFile(ReadFile(value)),
            OperationKind.DeleteFile => new DeleteFile(ReadGuidValue(value, "DeleteFile")),
            OperationKind.CreateSpace => new CreateSpace(ReadSpace(value)),
            OperationKind.UpdateSpace => new UpdateSpace(ReadSpace(value)),
            OperationKind.DeleteSpace => new DeleteSpace(ReadGuidValue(value, "DeleteSpace")),
            OperationKind.SetNoteFiles => ReadSetNoteFiles(value),
        };
    }

    private static NotePayload ReadNote(JsonElement element)
    {
        RequireKind(element, JsonValueKind.Object, "note");
        IReadOnlyList<Guid>? parents = null;
        if (element.TryGetProperty("parents", out var parentsElement) && parentsElement.ValueKind != JsonValueKind.Null)
        {
            parents = ReadGuidArray(parentsElement, "parents");
        }

        return new NotePayload(
            ReadGuid(element, "id"),
            ReadString(element, "text"),
            ReadTimestamp(element, "created_at"),
            ReadTimestamp(element, "updated_at"),
            ReadGuid(element, "space_id"),
            ReadBool(element, "is_deleted"),
            parents);
    }

    private static SpacePayload ReadSpace(JsonElement element)
    {
        RequireKind(element, JsonValueKind.Object, "space");
        return new SpacePayload(
            ReadGuid(element, "id"),
            ReadString(element, "name"),
            ReadGuid(element, "avatar_id"),
            ReadTimestamp(element, "created_at"),
            ReadTimestamp(element, "updated_at"),
            ReadBool(element, "is_deleted"));
    }

    private static FilePayload ReadFile(JsonElement element)
    {
        RequireKind(element, JsonValueKind.Object, "file");
        return new FilePayload(
            ReadGuid(element, "id"),
            ReadString(element, "name"),
            ReadString(element, "path"),
            ReadTimestamp(element, "created_at"),
            ReadTimestamp(element, "updated_at"),
            ReadBool(element, "is_deleted"));
    }

    private static SetNoteFiles ReadSetNoteFiles(JsonElement element)
    {
        RequireKind(element, JsonValueKind.Array, "SetNoteFiles");
        if (element.GetArrayLength() != 2)
        {
            throw new OperationFormatException("SetNoteFiles must be [note id, [file ids]].");
        }

        return new SetNoteFiles(ReadGuidValue(element[0], "SetNoteFiles note id"), ReadGuidArray(element[1], "SetNoteFiles files"));
    }

    private static Guid[] ReadGuidArray(JsonElement element, string what)
    {
        RequireKind(element, JsonValueKind.Array, what);
        var ids = new Guid[element.GetArrayLength()];
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            ids[index++] = ReadGuidValue(item, what);
        }

        return ids;
    }

    private static string ReadString(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.String)
        {
            throw new OperationFormatException($"The field '{name}' must be a string.");
        }

        return element.GetString()!;
    }

    private static bool ReadBool(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw new OperationFormatException($"The field '{name}' must be true or false.");
        }

        return element.GetBoolean();
    }

    private static Guid ReadGuid(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var element))
        {
            throw new OperationFormatException($"The field '{name}' is missing.");
        }

        return ReadGuidValue(element, name);
    }

    private static Guid ReadGuidValue(JsonElement element, string what)
    {
        if (element.ValueKind != JsonValueKind.String || !Guid.TryParse(element.GetString(), out var id))
        {
            throw new OperationFormatException($"The field '{what}' must be a UUID string.");
        }

        return id;
    }

    private static Timestamp ReadTimestamp(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.String
            || !Timestamp.TryParse(element.GetString(), out var value))
        {
            throw new OperationFormatException($"The field '{name}' must be an RFC 3339 timestamp.");
        }

        return value;
    }

    private static void RequireKind(JsonElement element, JsonValueKind kind, string what)
    {
        if (element.ValueKind != kind)
        {
            throw new OperationFormatException($"The {what} must be a JSON {kind.ToString().ToLowerInvariant()}.");
        }
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
