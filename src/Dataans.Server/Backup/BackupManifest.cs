using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dataans.Server.Backup;

/// <summary><c>backup.json</c>: what a backup folder holds, so that restore checks it fits the configured stores.</summary>
internal sealed record BackupManifest
{
    public const string FileName = "backup.json";

    public required string ServerVersion { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary><c>sqlite</c> (<c>server.sqlite</c>) or <c>postgres</c> (<c>postgres.dump</c>, pg_dump custom format).</summary>
    public required string Operations { get; init; }

    /// <summary><c>folder</c> (the files under <c>files/</c>) or <c>s3</c> (the object listing <c>s3-objects.tsv</c>).</summary>
    public required string Files { get; init; }

    public required int Users { get; init; }

    public required long OperationCount { get; init; }

    public required int FileCount { get; init; }

    public static async Task WriteAsync(string folder, BackupManifest manifest, CancellationToken cancellationToken)
    {
        await using var stream = File.Create(Path.Combine(folder, FileName));
        await JsonSerializer.SerializeAsync(stream, manifest, BackupJsonContext.Default.BackupManifest, cancellationToken);
    }

    /// <summary>The manifest, or null when the folder holds none (not a backup) or it does not parse.</summary>
    public static async Task<BackupManifest?> ReadAsync(string folder, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            await using var stream = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync(stream, BackupJsonContext.Default.BackupManifest, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(BackupManifest))]
internal sealed partial class BackupJsonContext : JsonSerializerContext;
