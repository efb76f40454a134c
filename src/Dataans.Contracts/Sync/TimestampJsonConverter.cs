using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dataans.Contracts.Sync;

/// <summary>Reads and writes a <see cref="Timestamp"/> as an RFC 3339 string with nanoseconds. Thread-safe.</summary>
public sealed class TimestampJsonConverter : JsonConverter<Timestamp>
{
    /// <inheritdoc/>
    public override Timestamp Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String || !Timestamp.TryParse(reader.GetString(), out var value))
        {
            throw new JsonException("Expected an RFC 3339 timestamp string.");
        }

        return value;
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, Timestamp value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
