namespace Dataans.Contracts.Sync;

/// <summary>
/// The sealed sign-in hand-off of cloudflare mode (protocol.md §5): the app puts a one-time P-256 public
/// key (<c>app_key</c>) and a <c>state</c> in the sign-in link; after the user's click the server's page
/// posts <c>code</c> and <c>state</c> to the app's loopback address. The code is the Access token sealed to
/// that key and state, so only the app that made the link can open it. Layout of the code (base64url,
/// no padding): <c>version(1) = 1 ‖ server public key (65, uncompressed point) ‖ nonce (12) ‖ AES-256-GCM
/// ciphertext ‖ tag (16)</c>, under <c>HKDF-SHA256(ikm = ECDH secret, salt = app key ‖ server key,
/// info = "dataans-signin-v1" ‖ 0x00 ‖ state, 32 bytes)</c>; the plaintext is the UTF-8 JSON
/// <c>{"token": "…", "expiresAt": unix seconds}</c>. These are the format's constants; each side does its
/// own cryptography.
/// </summary>
public static class SignInHandOff
{
    /// <summary>The first byte of a code: its layout version.</summary>
    public const byte Version = 1;

    /// <summary>HKDF info prefix; a zero byte and the state follow it.</summary>
    public const string KeyInfo = "dataans-signin-v1";

    /// <summary>An uncompressed P-256 point: 0x04 ‖ X (32) ‖ Y (32).</summary>
    public const int PublicKeyLength = 65;

    /// <summary>Bytes of the AES-GCM nonce in a code.</summary>
    public const int NonceLength = 12;

    /// <summary>Bytes of the AES-GCM tag at the end of a code.</summary>
    public const int TagLength = 16;

    /// <summary>How long a code may be opened after the page made it.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>The sign-in link's parameter with the app's one-time public key.</summary>
    public const string AppKeyParameter = "app_key";
    /// <summary>The sign-in link's and the hand-off form's random state.</summary>
    public const string StateParameter = "state";
    /// <summary>The sign-in link's loopback address of the app.</summary>
    public const string RedirectParameter = "redirect_uri";
    /// <summary>The hand-off form's field with the sealed token.</summary>
    public const string CodeField = "code";
}
