namespace Dataans.Core.Profile;

/// <summary>
/// <c>profile.json</c> exists but cannot be used: it is empty, partial, oversized, not JSON, or a
/// required field is missing or invalid. The file is left exactly as it was. The message names the
/// file and the problem, never its contents.
/// </summary>
public sealed class ProfileCorruptException : Exception
{
    /// <summary>A damaged profile, with a generic message.</summary>
    public ProfileCorruptException()
        : base("The sync profile is damaged.")
    {
    }

    /// <summary>A damaged profile, described by <paramref name="message"/>.</summary>
    public ProfileCorruptException(string message)
        : base(message)
    {
    }

    /// <summary>A damaged profile, described by <paramref name="message"/> and caused by <paramref name="innerException"/>.</summary>
    public ProfileCorruptException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal ProfileCorruptException(string path, string reason, Exception? innerException = null)
        : base(
            $"The sync profile '{path}' is damaged ({reason}). It was left untouched: move it away (or restore it from a backup) and sign in again.",
            innerException)
    {
        FilePath = path;
    }

    /// <summary>The damaged file, when known.</summary>
    public string? FilePath { get; }

    /// <summary>Always <see langword="false"/>: reading the same file again fails the same way.</summary>
    public bool IsTransient => false;
}
