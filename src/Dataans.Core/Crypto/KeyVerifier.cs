using System.Globalization;
using System.Security.Cryptography;
using Konscious.Security.Cryptography;

namespace Dataans.Core.Crypto;

/// <summary>
/// The key verifier the server stores so a second device can check its key before it writes
/// anything: an Argon2id PHC string of the 32-byte key, as the original
/// (<c>$argon2id$v=19$m=19456,t=2,p=1$&lt;salt&gt;$&lt;hash&gt;</c>, unpadded standard base64,
/// 16-byte random salt, 32-byte hash). Stateless and thread-safe.
/// </summary>
internal static class KeyVerifier
{
    /// <summary>Argon2id memory cost in KiB (the Rust argon2 0.5 default).</summary>
    public const int MemoryKib = 19_456;

    /// <summary>Argon2id passes.</summary>
    public const int TimeCost = 2;

    /// <summary>Argon2id lanes.</summary>
    public const int Parallelism = 1;

    /// <summary>Salt length of new verifiers.</summary>
    public const int SaltSize = 16;

    /// <summary>Hash length of new verifiers.</summary>
    public const int HashSize = 32;

    /// <summary>Creates a verifier for <paramref name="key"/> with a random salt, on the thread pool.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static Task<string> CreateAsync(EncryptionKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        return Task.Run(() => Create(key, salt), cancellationToken).WaitAsync(cancellationToken);
    }

    /// <summary>Creates a verifier with a caller-chosen salt: test vectors only.</summary>
    internal static string Create(EncryptionKey key, ReadOnlySpan<byte> salt)
    {
        var parameters = new Argon2Parameters(MemoryKib, TimeCost, Parallelism, salt.ToArray(), new byte[HashSize]);
        var hash = Hash(key, parameters);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"$argon2id$v=19$m={MemoryKib},t={TimeCost},p={Parallelism}${EncodeBase64(salt)}${EncodeBase64(hash)}");
    }

    /// <summary>Whether <paramref name="key"/> produced <paramref name="verifier"/> (constant-time comparison).</summary>
    /// <exception cref="FormatException">The verifier is not an Argon2id PHC string this client accepts.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static Task<bool> VerifyAsync(EncryptionKey key, string verifier, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parameters = Argon2Parameters.Parse(verifier);
        return Task.Run(() => CryptographicOperations.FixedTimeEquals(Hash(key, parameters), parameters.Hash), cancellationToken)
            .WaitAsync(cancellationToken);
    }

    /// <summary>Throws a <see cref="KeyMismatchException"/> unless <paramref name="key"/> matches <paramref name="verifier"/>.</summary>
    /// <exception cref="KeyMismatchException">The password or the passphrase is wrong.</exception>
    /// <exception cref="FormatException">The verifier is not an Argon2id PHC string this client accepts.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static async Task EnsureMatchesAsync(EncryptionKey key, string verifier, CancellationToken cancellationToken = default)
    {
        if (!await VerifyAsync(key, verifier, cancellationToken))
        {
            throw new KeyMismatchException();
        }
    }

    private static byte[] Hash(EncryptionKey key, Argon2Parameters parameters)
    {
        var password = key.ToArray();
        try
        {
            using var argon = new Argon2id(password)
            {
                Salt = parameters.Salt,
                MemorySize = parameters.MemoryKib,
                Iterations = parameters.TimeCost,
                DegreeOfParallelism = parameters.Parallelism,
            };
            return argon.GetBytes(parameters.Hash.Length);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
        }
    }

    internal static string EncodeBase64(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=');
}
