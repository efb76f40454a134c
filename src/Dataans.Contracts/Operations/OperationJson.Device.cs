using System.Text.Json;

namespace Dataans.Contracts.Operations;

/// <summary>The record's optional <c>device</c> field: <c>{"id":"&lt;uuid&gt;","name":"&lt;name&gt;"}</c>.</summary>
public static partial class OperationJson
{
    private static void WriteDevice(Utf8JsonWriter writer, OperationDevice? device)
    {
        if (device is null)
        {
            return;
        }

        writer.WritePropertyName("device");
        writer.WriteStartObject();
        writer.WriteString("id", device.Id);
        writer.WriteString("name", device.Name);
        writer.WriteEndObject();
    }

    /// <summary>
    /// The device a record names, or null when it names none or names it in a shape this version cannot
    /// read: the field is only a label for history, so a malformed one never sets the operation aside.
    /// </summary>
    private static OperationDevice? ReadDevice(JsonElement record)
    {
        if (!record.TryGetProperty("device", out var device) || device.ValueKind != JsonValueKind.Object
            || !device.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String
            || !Guid.TryParse(idElement.GetString(), out var id)
            || !device.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        return OperationDevice.CleanName(nameElement.GetString()) is { } name ? new OperationDevice(id, name) : null;
    }
}
