using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Dataans.Tests.Original;

/// <summary>
/// The original app's formats, written here from its documentation and code (not from ours): serde_json's
/// output for its operation enum, the <c>time</c> crate's RFC 3339, the operation digest, and the envelope
/// (<c>nonce || AES-256-GCM || HMAC-SHA256(key, nonce || plaintext)</c>) used for operations and whole files.
/// </summary>
internal static class OriginalWire
{
    /// <summary>RFC 3339 as <c>time</c> writes it for UTC: fraction digits trimmed, none when zero, <c>Z</c>.</summary>
    public static string Rfc3339(long unixNanos)
    {
        var seconds = Math.DivRem(unixNanos, 1_000_000_000L, out var nanos);
        if (nanos < 0)
        {
            seconds--;
            nanos += 1_000_000_000L;
        }

        var text = DateTime.UnixEpoch.AddSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        return nanos == 0 ? text + "Z" : text + "." + nanos.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0') + "Z";
    }

    /// <summary>Parses what <see cref="Rfc3339"/> writes (UTC, 0–9 fraction digits) back to unix nanoseconds.</summary>
    public static long ParseRfc3339(string text)
    {
        var whole = DateTime.ParseExact(text[..19], "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        var fraction = text[19] == '.' ? text[20..text.IndexOf('Z', StringComparison.Ordinal)] : string.Empty;
        var nanos = fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(9, '0'), CultureInfo.InvariantCulture);
        return ((long)(whole - DateTime.UnixEpoch).TotalSeconds * 1_000_000_000L) + nanos;
    }

    /// <summary>A JSON string as serde_json writes it: only quote, backslash and control characters escaped.</summary>
    public static string Str(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\b' => "\\b",
                '\f' => "\\f",
                < ' ' => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }

    public static string Note(string kind, Guid id, string text, long created, long updated, Guid space, bool deleted) =>
        $"{{\"{kind}\":{{\"id\":\"{id}\",\"text\":{Str(text)},\"created_at\":\"{Rfc3339(created)}\",\"updated_at\":\"{Rfc3339(updated)}\",\"space_id\":\"{space}\",\"is_deleted\":{Bool(deleted)}}}}}";

    public static string Space(string kind, Guid id, string name, Guid avatar, long created, long updated, bool deleted) =>
        $"{{\"{kind}\":{{\"id\":\"{id}\",\"name\":{Str(name)},\"avatar_id\":\"{avatar}\",\"created_at\":\"{Rfc3339(created)}\",\"updated_at\":\"{Rfc3339(updated)}\",\"is_deleted\":{Bool(deleted)}}}}}";

    public static string File(Guid id, string name, string path, long created, long updated) =>
        $"{{\"CreateFile\":{{\"id\":\"{id}\",\"name\":{Str(name)},\"path\":{Str(path)},\"created_at\":\"{Rfc3339(created)}\",\"updated_at\":\"{Rfc3339(updated)}\",\"is_deleted\":false}}}}";

    public static string Delete(string kind, Guid id) => $"{{\"{kind}\":\"{id}\"}}";

    public static string SetNoteFiles(Guid note, IEnumerable<Guid> files) =>
        $"{{\"SetNoteFiles\":[\"{note}\",[{string.Join(',', files.Select(file => $"\"{file}\""))}]]}}";

    /// <summary>The record as the original encrypts it: <c>{"id":…,"created_at":…,"operation":…}</c>.</summary>
    public static string Record(Guid id, long createdAt, string operationJson) =>
        $"{{\"id\":\"{id}\",\"created_at\":\"{Rfc3339(createdAt)}\",\"operation\":{operationJson}}}";

    private static string Bool(bool value) => value ? "true" : "false";

    /// <summary>Digest builder: fields concatenated with no separators, as the original's <c>Hash</c> impls do.</summary>
    public sealed class Digest
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public Digest Id(Guid id)
        {
            Span<byte> bytes = stackalloc byte[16];
            id.TryWriteBytes(bytes, bigEndian: true, out _);
            _hash.AppendData(bytes);
            return this;
        }

        public Digest Time(long unixNanos)
        {
            Span<byte> bytes = stackalloc byte[16];
            BinaryPrimitives.WriteInt128BigEndian(bytes, unixNanos);
            _hash.AppendData(bytes);
            return this;
        }

        public Digest Text(string text)
        {
            _hash.AppendData(Encoding.UTF8.GetBytes(text));
            return this;
        }

        public Digest Flag(bool value)
        {
            _hash.AppendData([value ? (byte)1 : (byte)0]);
            return this;
        }

        public byte[] Finish() => _hash.GetHashAndReset();
    }

    /// <summary>The original's key: PBKDF2-HMAC-SHA256(SHA256(password), SHA256(passphrase), 1,200,000, 32).</summary>
    public static byte[] DeriveKey(string password, string passphrase) =>
        Rfc2898DeriveBytes.Pbkdf2(SHA256.HashData(Encoding.UTF8.GetBytes(password)), SHA256.HashData(Encoding.UTF8.GetBytes(passphrase)), 1_200_000, HashAlgorithmName.SHA256, 32);

    public static byte[] Seal(byte[] key, byte[] plaintext)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var output = new byte[12 + plaintext.Length + 16 + 32];
        nonce.CopyTo(output, 0);
        using (var aes = new AesGcm(key, 16))
        {
            aes.Encrypt(nonce, plaintext, output.AsSpan(12, plaintext.Length), output.AsSpan(12 + plaintext.Length, 16));
        }

        HMACSHA256.HashData(key, nonce.Concat(plaintext).ToArray()).CopyTo(output, 12 + plaintext.Length + 16);
        return output;
    }

    public static byte[] Open(byte[] key, byte[] envelope)
    {
        if (envelope.Length < 12 + 16 + 32)
        {
            throw new CryptographicException("message is too short");
        }

        var nonce = envelope.AsSpan(0, 12);
        var ciphertext = envelope.AsSpan(12, envelope.Length - 12 - 16 - 32);
        var plaintext = new byte[ciphertext.Length];
        using (var aes = new AesGcm(key, 16))
        {
            aes.Decrypt(nonce, ciphertext, envelope.AsSpan(envelope.Length - 48, 16), plaintext);
        }

        var mac = HMACSHA256.HashData(key, nonce.ToArray().Concat(plaintext).ToArray());
        if (!mac.AsSpan().SequenceEqual(envelope.AsSpan(envelope.Length - 32)))
        {
            throw new CryptographicException("message altered");
        }

        return plaintext;
    }
}
