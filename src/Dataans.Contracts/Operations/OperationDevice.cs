namespace Dataans.Contracts.Operations;

/// <summary>
/// The device that wrote an operation, as the record's optional <c>device</c> field carries it inside
/// the envelope: its random id and the name its user knows it by. Immutable and thread-safe.
/// </summary>
/// <param name="Id">The device's random id, fixed for the life of its data folder.</param>
/// <param name="Name">The device's name when it sealed the record (the host name unless the user set one).</param>
public sealed record OperationDevice(Guid Id, string Name)
{
    /// <summary>The longest name, in UTF-16 code units, that a device may carry; longer names are cut.</summary>
    public const int MaxNameLength = 64;

    /// <summary>
    /// <paramref name="name"/> as a device name: control characters become spaces, the ends are
    /// trimmed and the length is cut to <see cref="MaxNameLength"/>; null when nothing is left.
    /// </summary>
    public static string? CleanName(string? name)
    {
        if (name is null)
        {
            return null;
        }

        var cleaned = new string(name.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        if (cleaned.Length > MaxNameLength)
        {
            cleaned = cleaned[..MaxNameLength].TrimEnd();
            if (cleaned.Length > 0 && char.IsHighSurrogate(cleaned[^1]))
            {
                cleaned = cleaned[..^1];
            }
        }

        return cleaned.Length == 0 ? null : cleaned;
    }
}
