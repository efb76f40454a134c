using System.Globalization;
using System.Text;

namespace Dataans.Reliability.Tests.Infrastructure;

/// <summary>
/// Hostile JSON bodies for the server's JSON routes: documents of the expected shape whose fields are
/// each valid or hostile (null, wrong type, out of range, missing, repeated, unknown), then sometimes
/// truncated or corrupted; deeply nested arrays and objects; bodies filled up to and past the limit.
/// </summary>
internal static class HostileJson
{
    private static readonly string[] Scalars =
    [
        "null", "true", "false", "0", "-1", "1.5", "1e999", "-1e999", "18446744073709551616", "9223372036854775807",
        "\"\"", "\"x\"", "\"\\u0000\"", "\"\\ud800\"", "\"../../etc/passwd\"", "\"%00\"", "{}", "[]", "[null]", "{\"\":{}}",
        "\"2024-13-45T25:61:61Z\"", "\"AAAA\"", "\"====\"", "[256]", "[-1]", "[1.5]", "[\"1\"]", "NaN", "Infinity", "'x'", "0x10",
    ];

    private static readonly string[] Timestamps =
    [
        "\"2024-05-01T10:20:30.123456789Z\"", "\"2024-05-01T10:20:30Z\"", "\"1970-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59.999999999Z\"",
        "\"0001-01-01T00:00:00Z\"", "\"2024-05-01T10:20:30.1234567891Z\"", "\"2024-05-01 10:20:30\"", "\"2024-05-01T10:20:30+14:00\"",
        "\"2024-02-30T00:00:00Z\"", "\"-2024-05-01T10:20:30Z\"",
    ];

    /// <summary>A body for a JSON route of <paramref name="kind"/>, at most about <paramref name="limit"/> + 64 KiB bytes.</summary>
    public static byte[] Body(Random random, BodyKind kind, Guid[] ids, long limit)
    {
        var roll = random.Next(100);
        var text = roll switch
        {
            < 60 => Document(random, kind, ids),
            < 70 => Truncate(random, Document(random, kind, ids)),
            < 76 => Corrupt(random, Document(random, kind, ids)),
            < 84 => Nested(random, kind),
            < 88 => Value(random, 0),
            < 89 => string.Empty,
            < 90 => Huge(random, kind, limit),
            _ => Document(random, kind, ids),
        };
        return random.Next(50) == 0 ? Encoding.Unicode.GetBytes(text) : Encoding.UTF8.GetBytes(text);
    }

    private static string Document(Random random, BodyKind kind, Guid[] ids) => kind switch
    {
        BodyKind.V2Push => $"{{{Field(random, "ops", () => Array(random, () => Operation(random, ids, v1: false)))}}}",
        BodyKind.V1Ops => Array(random, () => Operation(random, ids, v1: true)),
        BodyKind.V1User => $"{{{Join(random, Field(random, "id", () => Uuid(random, ids)), Field(random, "secretKeyHash", () => Verifier(random)))}}}",
        BodyKind.Verifier => $"{{{Field(random, "verifier", () => Verifier(random))}}}",
        BodyKind.InboxKey => $"{{{Join(random, Field(random, "publicKey", () => Bytes(random, PublicKeyLength(random), asNumbers: false)), Field(random, "sealedPrivateKey", () => Bytes(random, random.Next(0, 300), asNumbers: false)), Field(random, "sealedSettings", () => Bytes(random, random.Next(0, 300), asNumbers: false)))}}}",
        BodyKind.InboxSettings => $"{{{Field(random, "sealedSettings", () => Bytes(random, random.Next(0, 5000), asNumbers: false))}}}",
        BodyKind.CaptureLink => $"{{{Join(random, Field(random, "label", () => Label(random)), Field(random, "expiresAt", () => Timestamps[random.Next(Timestamps.Length)]))}}}",
        _ => Value(random, 0),
    };

    private static string Operation(Random random, Guid[] ids, bool v1)
    {
        if (random.Next(30) == 0)
        {
            return Value(random, 0);
        }

        var data = random.Next(4) == 0 ? random.Next(0, 2000) : random.Next(0, 64);
        var checksum = random.Next(6) == 0 ? random.Next(0, 64) : 32;
        return "{" + Join(random,
            Field(random, "id", () => Uuid(random, ids)),
            Field(random, "createdAt", () => Timestamps[random.Next(Timestamps.Length)]),
            Field(random, "data", () => Bytes(random, data, v1)),
            Field(random, "checksum", () => Bytes(random, checksum, v1))) + "}";
    }

    /// <summary>A field with a valid value (70 %), a hostile value, no field at all, or the field twice.</summary>
    private static string Field(Random random, string name, Func<string> valid)
    {
        var roll = random.Next(100);
        return roll switch
        {
            < 70 => $"\"{name}\":{valid()}",
            < 88 => $"\"{name}\":{Value(random, 0)}",
            < 92 => string.Empty,
            < 96 => $"\"{name}\":{valid()},\"{name}\":{Value(random, 0)}",
            _ => $"\"{name.ToUpperInvariant()}\":{valid()},\"extra\":{Value(random, 0)}",
        };
    }

    private static string Join(Random random, params string[] fields)
    {
        var present = fields.Where(f => f.Length > 0).ToList();
        if (random.Next(10) == 0)
        {
            present.Reverse();
        }

        return string.Join(',', present);
    }

    private static string Array(Random random, Func<string> item)
    {
        var count = random.Next(40) == 0 ? random.Next(990, 1010) : random.Next(0, 4);
        return "[" + string.Join(',', Enumerable.Range(0, count).Select(_ => item())) + "]";
    }

    private static string Uuid(Random random, Guid[] ids) => random.Next(4) switch
    {
        0 => $"\"{ids[random.Next(ids.Length)]}\"",
        1 => $"\"{new Guid(Bytes(random, 16))}\"",
        2 => $"\"{new Guid(Bytes(random, 16)):N}\"",
        _ => Scalars[random.Next(Scalars.Length)],
    };

    /// <summary>A P-256 public key's 65 bytes, or a length one off, or nothing like it.</summary>
    private static int PublicKeyLength(Random random) => random.Next(4) switch
    {
        0 => 64,
        1 => 66,
        2 => random.Next(0, 2000),
        _ => 65,
    };

    private static string Label(Random random) => random.Next(4) switch
    {
        0 => $"\"{new string('l', random.Next(1, 2000))}\"",
        1 => "\"<script>alert(1)</script>\"",
        2 => "\"\\u202e\\u0000phone\"",
        _ => "\"phone\"",
    };

    private static string Verifier(Random random) => random.Next(4) switch
    {
        0 => "\"$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g\"",
        1 => $"\"{new string('v', random.Next(1, 1100))}\"",
        2 => $"\"$argon2id${Convert.ToBase64String(Bytes(random, random.Next(0, 64)))}\"",
        _ => "\"\"",
    };

    private static string Bytes(Random random, int length, bool asNumbers) => asNumbers
        ? "[" + string.Join(',', Bytes(random, length).Select(b => b.ToString(CultureInfo.InvariantCulture))) + "]"
        : $"\"{Convert.ToBase64String(Bytes(random, length))}\"";

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>A random JSON value, or sometimes almost-JSON.</summary>
    private static string Value(Random random, int depth)
    {
        var roll = random.Next(depth > 3 ? 6 : 10);
        return roll switch
        {
            < 6 => Scalars[random.Next(Scalars.Length)],
            < 8 => "[" + string.Join(',', Enumerable.Range(0, random.Next(4)).Select(_ => Value(random, depth + 1))) + "]",
            _ => "{" + string.Join(',', Enumerable.Range(0, random.Next(4)).Select(i => $"\"k{i}\":{Value(random, depth + 1)}")) + "}",
        };
    }

    private static string Truncate(Random random, string text) => text.Length == 0 ? text : text[..random.Next(text.Length)];

    private static string Corrupt(Random random, string text)
    {
        const string Palette = "{}[]\",:\\\0\u00e9x1-";
        var chars = text.ToCharArray();
        for (var i = 0; i < Math.Max(1, chars.Length / 50) && chars.Length > 0; i++)
        {
            chars[random.Next(chars.Length)] = Palette[random.Next(Palette.Length)];
        }

        return new string(chars);
    }

    /// <summary>Arrays or objects nested far deeper than System.Text.Json's default depth of 64.</summary>
    private static string Nested(Random random, BodyKind kind)
    {
        var depth = random.Next(10) == 0 ? random.Next(10_000, 100_000) : random.Next(60, 600);
        var open = random.Next(2) == 0 ? "[" : "{\"a\":";
        var close = open == "[" ? "]" : "}";
        var inner = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, random.Next(3) == 0 ? depth / 2 : depth));
        return kind == BodyKind.V2Push ? $"{{\"ops\":[{{\"id\":{inner}}}]}}" : inner;
    }

    /// <summary>A push or verifier whose one large field brings the body just under or just over the limit.</summary>
    private static string Huge(Random random, BodyKind kind, long limit)
    {
        var target = (int)Math.Min(int.MaxValue / 2, limit + random.Next(-4096, 4096));
        var filler = new string('A', Math.Max(0, target - 200) / 4 * 4);
        return kind switch
        {
            BodyKind.V2Push => $"{{\"ops\":[{{\"id\":\"{Guid.NewGuid()}\",\"createdAt\":{Timestamps[0]},\"data\":\"{filler}\",\"checksum\":\"{filler[..44]}\"}}]}}",
            BodyKind.V1Ops => "[" + string.Join(',', Enumerable.Repeat("255", target / 4)) + "]",
            _ => $"{{\"verifier\":\"{filler}\",\"secretKeyHash\":\"{filler}\"}}",
        };
    }
}

/// <summary>What a route expects in its body.</summary>
internal enum BodyKind
{
    None,
    V1Ops,
    V1User,
    V2Push,
    Verifier,
    FileBytes,
    InboxKey,
    InboxSettings,
    CaptureLink,
}
