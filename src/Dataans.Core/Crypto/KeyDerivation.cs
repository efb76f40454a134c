using System.Security.Cryptography;
using System.Text;

namespace Dataans.Core.Crypto;

/// <summary>
/// Derives the sync encryption key exactly as the original Dataans does:
/// <c>PBKDF2-HMAC-SHA256(SHA256(utf8 password), SHA256(utf8 passphrase), 1_200_000, 32 bytes)</c>.
/// Strings are encoded as UTF-8 without Unicode normalization, like the original. Thread-safe.
/// </summary>
internal static class KeyDerivation
{
    /// <summary>The PBKDF2 iteration count of the published format.</summary>
    public const int Iterations = 1_200_000;

    /// <summary>
    /// Derives the key on the thread pool. It takes about a second, so callers show progress.
    /// </summary>
    /// <param name="password">The user's password; never stored, never logged.</param>
    /// <param name="passphrase">The five-word passphrase (the original's "salt").</param>
    /// <param name="cancellationToken">Stops waiting; the computation itself runs to its end in the background.</param>
    /// <exception cref="ArgumentException">The password or the passphrase is empty.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static Task<EncryptionKey> DeriveKeyAsync(
        string password, string passphrase, CancellationToken cancellationToken = default) =>
        DeriveKeyAsync(password, passphrase, Iterations, cancellationToken);

    /// <summary>As <see cref="DeriveKeyAsync(string, string, CancellationToken)"/> with another iteration count (tests only).</summary>
    internal static Task<EncryptionKey> DeriveKeyAsync(
        string password, string passphrase, int iterations, CancellationToken cancellationToken = default)
    {
        Validate(password, passphrase);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.Run(() => Derive(password, passphrase, iterations), cancellationToken).WaitAsync(cancellationToken);
    }

    /// <summary>The synchronous derivation, for the thread pool and for tests.</summary>
    internal static EncryptionKey Derive(string password, string passphrase, int iterations)
    {
        Validate(password, passphrase);
        Span<byte> passwordHash = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> salt = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> key = stackalloc byte[EncryptionKey.Size];
        try
        {
            HashUtf8(password, passwordHash);
            HashUtf8(passphrase, salt);
            Rfc2898DeriveBytes.Pbkdf2(passwordHash, salt, key, iterations, HashAlgorithmName.SHA256);
            return new EncryptionKey(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordHash);
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static void HashUtf8(string text, Span<byte> destination)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        try
        {
            SHA256.HashData(utf8, destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(utf8);
        }
    }

    private static void Validate(string password, string passphrase)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
    }
}
