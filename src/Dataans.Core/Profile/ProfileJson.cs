using System.Text.Json;
using System.Text.Json.Serialization;
using Dataans.Core.Crypto;

namespace Dataans.Core.Profile;

/// <summary>
/// Maps <see cref="UserProfile"/> to the original's compact <c>profile.json</c>
/// (<c>auth_token</c>, <c>secret_key</c>, <c>salt</c>, <c>sync_config {url, mode}</c>) plus our
/// additive fields (<c>auth_mode</c>, <c>sync_cursor</c>, <c>sync_epoch</c>). Unknown fields survive
/// a load and save. Thread-safe.
/// </summary>
internal static class ProfileJson
{
    /// <summary>Serializes to compact UTF-8 JSON.</summary>
    public static byte[] Serialize(UserProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var document = new ProfileDocument
        {
            AuthToken = profile.AuthToken,
            SecretKey = [.. profile.SecretKey.ToArray().Select(b => (int)b)],
            Salt = profile.Passphrase,
            SyncConfig = new SyncConfigDocument
            {
                Url = profile.ServerUrl.AbsoluteUri,
                Mode = profile.SyncMode.ToString(),
                Extra = Copy(profile.UnknownSyncConfigFields),
            },
            AuthMode = profile.AuthMode.ToString().ToLowerInvariant(),
            SyncCursor = profile.SyncCursor,
            SyncEpoch = profile.SyncEpoch,
            Oidc = profile.Oidc is { } oidc ? OidcDocument.From(oidc) : null,
            SignInRequired = profile.SignInRequired ? true : null,
            Extra = Copy(profile.UnknownFields),
        };
        return JsonSerializer.SerializeToUtf8Bytes(document, ProfileJsonContext.Default.ProfileDocument);
    }

    /// <summary>Parses and validates a profile read from <paramref name="path"/>.</summary>
    /// <exception cref="ProfileCorruptException">The bytes are not a complete, valid profile.</exception>
    public static UserProfile Deserialize(ReadOnlySpan<byte> json, string path)
    {
        if (json.StartsWith("\uFEFF"u8))
        {
            json = json[3..];
        }

        if (json.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new ProfileCorruptException(path, "the file is empty");
        }

        ProfileDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, ProfileJsonContext.Default.ProfileDocument);
        }
        catch (JsonException e)
        {
            // The JsonException message may quote file content; report only where parsing stopped.
            throw new ProfileCorruptException(path, $"it is not complete JSON: parsing stopped at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}");
        }

        return document is null ? throw new ProfileCorruptException(path, "it is not a JSON object") : ToProfile(document, path);
    }

    private static UserProfile ToProfile(ProfileDocument document, string path)
    {
        if (document.AuthToken is null)
        {
            throw new ProfileCorruptException(path, "auth_token is missing");
        }

        if (document.SecretKey is not { Length: EncryptionKey.Size } numbers || numbers.Any(n => n is < 0 or > 255))
        {
            throw new ProfileCorruptException(path, "secret_key is not an array of 32 numbers from 0 to 255");
        }

        if (string.IsNullOrEmpty(document.Salt))
        {
            throw new ProfileCorruptException(path, "salt (the passphrase) is missing");
        }

        if (document.SyncConfig?.Url is not { } url
            || !Uri.TryCreate(url, UriKind.Absolute, out var serverUrl)
            || (serverUrl.Scheme != Uri.UriSchemeHttp && serverUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ProfileCorruptException(path, "sync_config.url is not an http or https URL");
        }

        var syncMode = document.SyncConfig.Mode switch
        {
            "Manual" => SyncMode.Manual,
            "Auto" => SyncMode.Auto,
            _ => throw new ProfileCorruptException(path, "sync_config.mode is neither Manual nor Auto"),
        };

        var authMode = document.AuthMode switch
        {
            null or "cloudflare" => AuthMode.Cloudflare,
            "token" => AuthMode.Token,
            "oidc" => AuthMode.Oidc,
            _ => throw new ProfileCorruptException(path, "auth_mode is not cloudflare, token or oidc"),
        };

        var oidc = document.Oidc?.ToSession(path);
        return new UserProfile
        {
            AuthToken = document.AuthToken,
            SecretKey = new EncryptionKey([.. numbers.Select(n => (byte)n)]),
            Passphrase = document.Salt,
            ServerUrl = serverUrl,
            SyncMode = syncMode,
            AuthMode = authMode,
            SyncCursor = document.SyncCursor,
            SyncEpoch = document.SyncEpoch,
            Oidc = oidc,
            SignInRequired = document.SignInRequired == true,
            UnknownFields = document.Extra is { Count: > 0 } extra ? extra : null,
            UnknownSyncConfigFields = document.SyncConfig.Extra is { Count: > 0 } configExtra ? configExtra : null,
        };
    }

    private static Dictionary<string, JsonElement>? Copy(IReadOnlyDictionary<string, JsonElement>? fields) =>
        fields is { Count: > 0 } ? new Dictionary<string, JsonElement>(fields) : null;
}

internal sealed class ProfileDocument
{
    [JsonPropertyName("auth_token")]
    public string? AuthToken { get; set; }

    [JsonPropertyName("secret_key")]
    public int[]? SecretKey { get; set; }

    [JsonPropertyName("salt")]
    public string? Salt { get; set; }

    [JsonPropertyName("sync_config")]
    public SyncConfigDocument? SyncConfig { get; set; }

    [JsonPropertyName("auth_mode")]
    public string? AuthMode { get; set; }

    [JsonPropertyName("sync_cursor")]
    public long? SyncCursor { get; set; }

    [JsonPropertyName("sync_epoch")]
    public string? SyncEpoch { get; set; }

    [JsonPropertyName("oidc")]
    public OidcDocument? Oidc { get; set; }

    [JsonPropertyName("sign_in_required")]
    public bool? SignInRequired { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class SyncConfigDocument
{
    [JsonPropertyName("url")]
    public string? Url { get; set; }

    [JsonPropertyName("mode")]
    public string? Mode { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

internal sealed class OidcDocument
{
    [JsonPropertyName("issuer")]
    public string? Issuer { get; set; }

    [JsonPropertyName("client_id")]
    public string? ClientId { get; set; }

    [JsonPropertyName("scope")]
    public string? Scope { get; set; }

    [JsonPropertyName("resource")]
    public string? Resource { get; set; }

    [JsonPropertyName("refresh_token")]
    public string? RefreshToken { get; set; }

    [JsonPropertyName("expires_at")]
    public long? ExpiresAt { get; set; }

    public static OidcDocument From(OidcSession session) => new()
    {
        Issuer = session.Issuer.AbsoluteUri,
        ClientId = session.ClientId,
        Scope = session.Scope,
        Resource = session.Resource,
        RefreshToken = session.RefreshToken,
        ExpiresAt = session.AccessTokenExpiresAt?.ToUnixTimeSeconds(),
    };

    public OidcSession ToSession(string path)
    {
        if (Issuer is null || !Uri.TryCreate(Issuer, UriKind.Absolute, out var issuer) || (issuer.Scheme != Uri.UriSchemeHttp && issuer.Scheme != Uri.UriSchemeHttps))
        {
            throw new ProfileCorruptException(path, "oidc.issuer is not an http or https URL");
        }

        if (string.IsNullOrEmpty(ClientId))
        {
            throw new ProfileCorruptException(path, "oidc.client_id is missing");
        }

        return new OidcSession
        {
            Issuer = issuer,
            ClientId = ClientId,
            Scope = string.IsNullOrEmpty(Scope) ? "openid offline_access" : Scope,
            Resource = string.IsNullOrEmpty(Resource) ? null : Resource,
            RefreshToken = string.IsNullOrEmpty(RefreshToken) ? null : RefreshToken,
            AccessTokenExpiresAt = ExpiresAt is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253_402_300_799)) : null,
        };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, AllowDuplicateProperties = false)]
[JsonSerializable(typeof(ProfileDocument))]
internal sealed partial class ProfileJsonContext : JsonSerializerContext;
