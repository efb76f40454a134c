using System.Text;
using System.Text.Json.Nodes;

namespace Dataans.Reliability.Tests.Infrastructure;

/// <summary>
/// Seeded mutations of a valid JSON document, for parsers of files a user may hand us: values replaced
/// by nulls, wrong types, huge numbers, huge or hostile strings (path traversal, lone surrogates,
/// control characters), deep nesting; fields removed or repeated; array items duplicated; then, at
/// the byte level, truncation, byte flips, invalid UTF-8, byte-order marks.
/// </summary>
internal static class JsonTreeMutator
{
    private static readonly string[] HostileStrings =
    [
        "", " ", "../../../../etc/passwd", "..", ".", "/etc/passwd", "C:\\Windows\\win.ini", "..\\..\\boot.ini", "files/../../x",
        "\0", "a\0b", "\ud800", "\udfff x", "CON", "nul.txt", "\u202e gnp.exe", "<script>alert(1)</script>", "\n\r\t", "%2e%2e%2f",
        "00000000-0000-0000-0000-000000000000", "not-a-guid", "ffffffff-ffff-ffff-ffff-ffffffffffff", "V1", "V2", "dataans-export",
        "2024-13-45T25:61:61Z", "9999-12-31T23:59:59.999999999Z", "0001-01-01T00:00:00Z", "-2024-05-01T10:20:30Z", "1e999",
    ];

    private const string DeepMarker = "__deeply_nested__";

    private static readonly string[] HostileNumbers =
    [
        "0", "-1", "1", "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
        "-9223372036854775809", "18446744073709551616", "1e308", "-1e308", "1e999", "0.5", "-0.0", "1E+2", "123456789012345678901234567890",
    ];

    public static byte[] Mutate(Random random, string seedJson)
    {
        var root = JsonNode.Parse(seedJson)!;
        var rounds = 1 + random.Next(3);
        for (var i = 0; i < rounds; i++)
        {
            root = MutateTree(random, root);
        }

        var text = Serialize(root);
        if (random.Next(8) == 0)
        {
            text = RepeatField(random, text);
        }

        return random.Next(4) == 0 ? MutateBytes(random, Encoding.UTF8.GetBytes(text)) : Encoding.UTF8.GetBytes(text);
    }

    /// <summary>Writes the document, putting 5,000 levels of nested arrays where a deep value was asked for.</summary>
    public static string Serialize(JsonNode root) =>
        root.ToJsonString().Replace($"\"{DeepMarker}\"", new string('[', 5_000) + new string(']', 5_000), StringComparison.Ordinal);

    public static JsonNode? HostileValue(Random random) => random.Next(10) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => JsonNode.Parse(HostileNumbers[random.Next(HostileNumbers.Length)]),
        3 => JsonValue.Create(HostileStrings[random.Next(HostileStrings.Length)]),
        4 => JsonValue.Create(new string((char)('a' + random.Next(26)), random.Next(8) == 0 ? 2_000_000 : 70_000)),
        5 => new JsonObject(),
        6 => new JsonArray(),
        7 => random.Next(2) == 0 ? Nested(20 + random.Next(20)) : JsonValue.Create(DeepMarker), // too deep for the node writer: spliced in as text
        8 => new JsonArray(JsonValue.Create(2025), JsonValue.Create(random.Next(400) - 20), JsonValue.Create(-1), JsonValue.Create(99)),
        _ => JsonValue.Create(RandomGuid(random).ToString()),
    };

    /// <summary>A GUID from the seeded generator (Guid.NewGuid would make runs differ).</summary>
    public static Guid RandomGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static JsonNode MutateTree(Random random, JsonNode root)
    {
        var slots = new List<(JsonNode Parent, object Key)>();
        Collect(root, slots);
        if (slots.Count == 0 || random.Next(50) == 0)
        {
            return HostileValue(random) ?? JsonValue.Create(0)!;
        }

        var (parent, key) = slots[random.Next(slots.Count)];
        var current = Get(parent, key);
        switch (random.Next(6))
        {
            case 0 when parent is JsonObject obj:
                obj.Remove((string)key);
                break;
            case 1 when parent is JsonArray array && current is not null:
                array.Add(current.DeepClone()); // a duplicate item: duplicate ids
                break;
            case 2 when current is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0:
                Set(parent, key, JsonValue.Create(random.Next(2) == 0 ? text[..random.Next(text.Length)] : text + HostileStrings[random.Next(HostileStrings.Length)]));
                break;
            case 3 when current is not null:
                Set(parent, key, new JsonArray(current.DeepClone())); // type confusion: wrapped in an array
                break;
            default:
                Set(parent, key, HostileValue(random));
                break;
        }

        return root;
    }

    private static void Collect(JsonNode node, List<(JsonNode, object)> slots)
    {
        if (node is JsonObject obj)
        {
            foreach (var (name, child) in obj.ToList())
            {
                slots.Add((obj, name));
                if (child is not null)
                {
                    Collect(child, slots);
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                slots.Add((array, i));
                if (array[i] is { } child)
                {
                    Collect(child, slots);
                }
            }
        }
    }

    private static JsonNode? Get(JsonNode parent, object key) => parent is JsonObject obj ? obj[(string)key] : parent.AsArray()[(int)key];

    private static void Set(JsonNode parent, object key, JsonNode? value)
    {
        if (parent is JsonObject obj)
        {
            obj[(string)key] = value;
        }
        else
        {
            parent.AsArray()[(int)key] = value;
        }
    }

    private static JsonNode Nested(int depth)
    {
        JsonNode node = new JsonArray();
        for (var i = 0; i < depth; i++)
        {
            node = i % 2 == 0 ? new JsonArray(node) : new JsonObject { ["a"] = node };
        }

        return node;
    }

    /// <summary>Adds a field that objects of these formats usually have already: duplicate keys (nodes cannot hold them).</summary>
    private static string RepeatField(Random random, string text)
    {
        string[] fields = ["\"id\":\"7f1c2a90-3b4d-4e5f-8a6b-1c2d3e4f5a60\",", "\"format\":\"dataans-export\",", "\"version\":1,", "\"version\":\"V1\",", "\"name\":\"again\",", "\"text\":null,", "\"secret_key\":[1],"];
        var brace = text.IndexOf('{', random.Next(Math.Max(1, text.Length)));
        return brace < 0 || brace + 1 >= text.Length || text[brace + 1] == '}'
            ? text
            : text[..(brace + 1)] + fields[random.Next(fields.Length)] + text[(brace + 1)..];
    }

    public static byte[] MutateBytes(Random random, byte[] bytes)
    {
        var list = new List<byte>(bytes);
        switch (random.Next(6))
        {
            case 0:
                return bytes[..random.Next(bytes.Length + 1)];
            case 1:
                for (var i = 0; i < 1 + random.Next(8) && list.Count > 0; i++)
                {
                    list[random.Next(list.Count)] ^= (byte)(1 << random.Next(8));
                }

                break;
            case 2:
                byte[][] invalid = [[0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0x80], [0xE2, 0x82]];
                list.InsertRange(random.Next(list.Count + 1), invalid[random.Next(invalid.Length)]);
                break;
            case 3:
                byte[][] boms = [[0xEF, 0xBB, 0xBF], [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFE, 0xFF], [0xEF, 0xBB]];
                list.InsertRange(0, boms[random.Next(boms.Length)]);
                break;
            case 4:
                return Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(bytes)); // UTF-16
            default:
                var at = random.Next(list.Count + 1);
                list.InsertRange(at, list.Skip(random.Next(Math.Max(1, list.Count))).Take(random.Next(64)).ToList());
                break;
        }

        return [.. list];
    }
}
