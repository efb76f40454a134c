using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Dataans.Contracts.Operations;

/// <summary>
/// Reads and writes operations in the original Dataans JSON: a serde externally tagged enum with
/// snake_case payload fields, UUIDs as hyphenated strings and RFC 3339 timestamps. Unknown fields are
/// ignored (additive changes stay readable). Thread-safe.
/// </summary>
public static class OperationJson
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

    /// <summary>The JSON of a whole record: <c>{"id":…,"created_at":…,"operation":{…}}</c>.</summary>
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

        return new OperationRecord(id, createdAt, ReadOperation(operation));
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
        switch (operation)
        {
            case CreateNote create:
                WriteNote(writer, create.Note);
                break;
            case UpdateNote update:
                WriteNote(writer, update.Note);
                break;
            case CreateSpace create:
                WriteSpace(writer, create.Space);
                break;
            case UpdateSpace update:
                WriteSpace(writer, update.Space);
                break;
            case CreateFile create:
                WriteFile(writer, create.File);
                break;
            case DeleteNote or DeleteFile or DeleteSpace:
                writer.WriteStringValue(operation.ObjectId);
                break;
            case SetNoteFiles set:
                writer.WriteStartArray();
                writer.WriteStringValue(set.NoteId);
                writer.WriteStartArray();
                foreach (var fileId in set.FileIds)
                {
                    writer.WriteStringValue(fileId);
                }

                writer.WriteEndArray();
                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(operation), operation.Kind, "Unknown operation kind.");
        }

        writer.WriteEndObject();
    }

    private static void WriteNote(Utf8JsonWriter writer, NotePayload note)
    {
        writer.WriteStartObject();
        writer.WriteString("id", note.Id);
        writer.WriteString("text", note.Text);
        writer.WriteString("created_at", note.CreatedAt.ToString());
        writer.WriteString("updated_at", note.UpdatedAt.ToString());
        writer.WriteString("space_id", note.SpaceId);
        writer.WriteBoolean("is_deleted", note.IsDeleted);
        if (note.Parents is { } parents)
        {
            writer.WriteStartArray("parents");
            foreach (var parent in parents)
            {
                writer.WriteStringValue(parent);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteSpace(Utf8JsonWriter writer, SpacePayload space)
    {
        writer.WriteStartObject();
        writer.WriteString("id", space.Id);
        writer.WriteString("name", space.Name);
        writer.WriteString("avatar_id", space.AvatarId);
        writer.WriteString("created_at", space.CreatedAt.ToString());
        writer.WriteString("updated_at", space.UpdatedAt.ToString());
        writer.WriteBoolean("is_deleted", space.IsDeleted);
        writer.WriteEndObject();
    }

    private static void WriteFile(Utf8JsonWriter writer, FilePayload file)
    {
        writer.WriteStartObject();
        writer.WriteString("id", file.Id);
        writer.WriteString("name", file.Name);
        writer.WriteString("path", file.Path);
        writer.WriteString("created_at", file.CreatedAt.ToString());
        writer.WriteString("updated_at", file.UpdatedAt.ToString());
        writer.WriteBoolean("is_deleted", file.IsDeleted);
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

        var value = tag.Value;
        return tag.Name switch
        {
            nameof(OperationKind.CreateNote) => new CreateNote(ReadNote(value)),
            nameof(OperationKind.UpdateNote) => new UpdateNote(ReadNote(value)),
            nameof(OperationKind.DeleteNote) => new DeleteNote(ReadGuidValue(value, "DeleteNote")),
            nameof(OperationKind.CreateFile) => new CreateFile(ReadFile(value)),
            nameof(OperationKind.DeleteFile) => new DeleteFile(ReadGuidValue(value, "DeleteFile")),
            nameof(OperationKind.CreateSpace) => new CreateSpace(ReadSpace(value)),
            nameof(OperationKind.UpdateSpace) => new UpdateSpace(ReadSpace(value)),
            nameof(OperationKind.DeleteSpace) => new DeleteSpace(ReadGuidValue(value, "DeleteSpace")),
            nameof(OperationKind.SetNoteFiles) => ReadSetNoteFiles(value),
            _ => throw new OperationFormatException($"Unknown operation kind '{Truncate(tag.Name)}'."),
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
