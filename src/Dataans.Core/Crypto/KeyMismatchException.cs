namespace Dataans.Core.Crypto;

/// <summary>
/// The key derived on this device does not match the key verifier stored on the server: the
/// password or the passphrase differs from the one the user's other devices use.
/// </summary>
internal sealed class KeyMismatchException : Exception
{
    /// <summary>The sentence shown to the user.</summary>
    public const string DefaultMessage =
        "The password or the passphrase is wrong: together they do not produce the key your other devices use. " +
        "Check both the password and the passphrase, then try again.";

    public KeyMismatchException()
        : base(DefaultMessage)
    {
    }

    public KeyMismatchException(string message)
        : base(message)
    {
    }

    public KeyMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Always <see langword="false"/>: retrying with the same inputs fails again.</summary>
    public bool IsTransient => false;
}
