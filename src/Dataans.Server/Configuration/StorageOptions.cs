namespace Dataans.Server.Configuration;

/// <summary>Where operations and files live (section <c>Storage</c>).</summary>
internal sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Root for the embedded stores; default <c>$XDG_DATA_HOME/dataans-server</c>.</summary>
    public string? DataDir { get; set; }

    /// <summary><c>sqlite</c> (default, <c>DataDir/server.sqlite</c>) or <c>postgres</c>.</summary>
    public string Operations { get; set; } = "sqlite";

    /// <summary>Npgsql connection string, required when <see cref="Operations"/> is <c>postgres</c>.</summary>
    public string? Postgres { get; set; }

    /// <summary><c>folder</c> (default, <c>DataDir/files</c>) or <c>s3</c>.</summary>
    public string Files { get; set; } = "folder";

    /// <summary>Overrides the folder of the <c>folder</c> file store.</summary>
    public string? FilesDir { get; set; }

    public S3StorageOptions S3 { get; set; } = new();

    public bool UsesPostgres => string.Equals(Operations, "postgres", StringComparison.OrdinalIgnoreCase);

    public bool UsesS3 => string.Equals(Files, "s3", StringComparison.OrdinalIgnoreCase);

    public string ResolvedDataDir => DataDir is { Length: > 0 } dir ? Path.GetFullPath(dir) : DefaultDataDir();

    public string ResolvedFilesDir => FilesDir is { Length: > 0 } dir ? Path.GetFullPath(dir) : Path.Combine(ResolvedDataDir, "files");

    public string SqlitePath => Path.Combine(ResolvedDataDir, "server.sqlite");

    /// <summary>Scratch space for S3 uploads (spooled so that memory stays constant).</summary>
    public string TempDir => Path.Combine(ResolvedDataDir, "tmp");

    private static string DefaultDataDir()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        var baseDir = xdg is { Length: > 0 }
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify), ".local", "share");
        return Path.Combine(baseDir, "dataans-server");
    }
}

/// <summary>S3-compatible object storage (AWS, R2, MinIO, Tigris, s3rver).</summary>
internal sealed class S3StorageOptions
{
    /// <summary>Endpoint URL, e.g. <c>https://ACCOUNT.r2.cloudflarestorage.com</c>; empty means AWS.</summary>
    public string? ServiceUrl { get; set; }

    public string? Bucket { get; set; }

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>Signing region; <c>auto</c> for R2, <c>us-east-1</c> for MinIO.</summary>
    public string Region { get; set; } = "us-east-1";

    public bool ForcePathStyle { get; set; } = true;

    /// <summary>Key prefix inside the bucket, e.g. <c>dataans/</c>.</summary>
    public string Prefix { get; set; } = "";
}
