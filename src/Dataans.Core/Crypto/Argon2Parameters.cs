using System.Globalization;

namespace Dataans.Core.Crypto;

/// <summary>
/// The parsed parts of an Argon2id PHC string. <see cref="Parse"/> bounds every cost, because the
/// verifier comes from the server and must not make a client allocate gigabytes. Immutable.
/// </summary>
internal sealed record Argon2Parameters(int MemoryKib, int TimeCost, int Parallelism, byte[] Salt, byte[] Hash)
{
    /// <summary>The largest memory cost accepted from a server: 256 MiB.</summary>
    public const int MaxMemoryKib = 256 * 1024;

    /// <summary>The largest time cost accepted from a server.</summary>
    public const int MaxTimeCost = 16;

    /// <summary>The largest parallelism accepted from a server.</summary>
    public const int MaxParallelism = 16;

    /// <summary>Parses <c>$argon2id$v=19$m=M,t=T,p=P$salt$hash</c> (unpadded standard base64).</summary>
    /// <exception cref="FormatException">The text is not such a string, or its costs are out of bounds.</exception>
    public static Argon2Parameters Parse(string? verifier)
    {
        var parts = (verifier ?? string.Empty).Split('$');
        if (parts.Length != 6 || parts[0].Length != 0 || parts[1] != "argon2id")
        {
            throw Invalid("it is not an Argon2id PHC string");
        }

        if (parts[2] != "v=19")
        {
            throw Invalid("only Argon2 version 19 is supported");
        }

        int? memory = null, time = null, lanes = null;
        foreach (var pair in parts[3].Split(','))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? pair[..equals] : pair;
            var value = equals > 0 ? ParseCost(pair[(equals + 1)..]) : throw Invalid("a parameter has no value");
            switch (name)
            {
                case "m" when memory is null: memory = value; break;
                case "t" when time is null: time = value; break;
                case "p" when lanes is null: lanes = value; break;
                default: throw Invalid($"unexpected or repeated parameter '{name}'");
            }
        }

        if (memory is not { } m || time is not { } t || lanes is not { } p)
        {
            throw Invalid("the m, t and p parameters are required");
        }

        if (p is < 1 or > MaxParallelism || t is < 1 or > MaxTimeCost || m < 8 * p || m > MaxMemoryKib)
        {
            throw Invalid("its costs are out of the accepted range");
        }

        var salt = DecodeBase64(parts[4]);
        var hash = DecodeBase64(parts[5]);
        if (salt.Length is < 8 or > 64 || hash.Length is < 16 or > 64)
        {
            throw Invalid("the salt or the hash has an unsupported length");
        }

        return new Argon2Parameters(m, t, p, salt, hash);
    }

    private static int ParseCost(string text) =>
        text.Length is > 0 and <= 9 && text.All(char.IsAsciiDigit) && (text == "0" || text[0] != '0')
            ? int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture)
            : throw Invalid("a cost is not a decimal number");

    private static byte[] DecodeBase64(string text)
    {
        if (text.Length == 0 || text.Length % 4 == 1 || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/'))
        {
            throw Invalid("the salt or the hash is not unpadded base64");
        }

        var padded = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
        var bytes = Convert.FromBase64String(padded);
        if (KeyVerifier.EncodeBase64(bytes) != text)
        {
            throw Invalid("the salt or the hash is not canonical base64");
        }

        return bytes;
    }

    private static FormatException Invalid(string reason) =>
        new($"The key verifier from the server is not valid: {reason}.");
}
