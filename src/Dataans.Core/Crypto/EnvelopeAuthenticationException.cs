namespace Dataans.Core.Crypto;

/// <summary>
/// Decryption failed: the key is wrong, or the data was altered, truncated, extended, reordered or
/// is not ciphertext at all. The only exception <see cref="Envelope.Decrypt"/> and
/// <see cref="FileCipher"/> decryption throw for bad input. Retrying does not help.
/// </summary>
internal sealed class EnvelopeAuthenticationException : Exception
{
    /// <summary>The message every envelope failure carries.</summary>
    public const string DefaultMessage = "wrong key or altered data";

    public EnvelopeAuthenticationException()
        : base(DefaultMessage)
    {
    }

    /// <param name="detail">What was wrong, without any secret or plaintext, e.g. "chunk 3 fails authentication".</param>
    public EnvelopeAuthenticationException(string detail)
        : base($"{DefaultMessage}: {detail}")
    {
    }

    public EnvelopeAuthenticationException(string detail, Exception innerException)
        : base($"{DefaultMessage}: {detail}", innerException)
    {
    }

    /// <summary>Always <see langword="false"/>: the same bytes and key fail the same way again.</summary>
    public bool IsTransient => false;
}
