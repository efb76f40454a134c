using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dataans.Contracts.Sync;

/// <summary>
/// Writes a byte array as a JSON array of numbers (<c>[1,2,255]</c>), as the original Dataans (serde
/// <c>Vec&lt;u8&gt;</c>) does on the v1 wire. Reading rejects anything but integers 0–255. Thread-safe.
/// </summary>
public sealed class ByteArrayAsNumbersConverter : JsonConverter<byte[]>
{
    /// <inheritdoc/>
    public override byte[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("Expected a JSON array of numbers 0-255.");
        }

        var buffer = new ArrayBufferWriter<byte>(64);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return buffer.WrittenSpan.ToArray();
            }

            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetByte(out var value))
            {
                throw new JsonException("Expected a JSON array of numbers 0-255.");
            }

            buffer.GetSpan(1)[0] = value;
            buffer.Advance(1);
        }

        throw new JsonException("Unterminated byte array.");
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, byte[] value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var b in value)
        {
            writer.WriteNumberValue(b);
        }

        writer.WriteEndArray();
    }
}
