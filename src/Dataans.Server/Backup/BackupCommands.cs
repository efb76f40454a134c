using Dataans.Server.Configuration;
using Dataans.Server.Endpoints;
using Dataans.Server.Storage;
using Dataans.Server.Storage.Postgres;
using Dataans.Server.Storage.S3;
using Dataans.Server.Storage.Sqlite;
using Dataans.Server.Users;
using Microsoft.Extensions.Options;

namespace Dataans.Server.Backup;

/// <summary>
/// <c>backup DIR</c> and <c>restore DIR --yes</c>, for either backend, while the server runs. A restore
/// rotates every user's epoch, so devices compare their operations with the server's and re-upload
/// what the backup lacks.
/// </summary>
internal static class BackupCommands
{
    public static async Task<int> BackupAsync(AdminContext context, CancellationToken cancellationToken)
    {
        var folder = Path.GetFullPath(context.Arguments[0]);
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            return await context.RefuseAsync($"'{folder}' is not empty; back up into a new folder.");
        }

        Directory.CreateDirectory(folder);
        var options = context.Get<IOptions<StorageOptions>>().Value;
        var users = await context.Get<IOperationStore>().ListUsersAsync(cancellationToken);
        try
        {
            if (options.UsesPostgres)
            {
                await PostgresBackup.BackupAsync(options.Postgres!, folder, cancellationToken);
            }
            else
            {
                await SqliteBackup.BackupAsync(context.Get<SqliteDatabase>(), folder, cancellationToken);
            }
        }
        catch (BackupException e)
        {
            return await context.RefuseAsync(e.Message);
        }

        var files = options.UsesS3
            ? await FileBackup.BackupS3ListingAsync((S3FileStore)context.Get<IFileStore>(), folder, cancellationToken)
            : FileBackup.BackupFolder(options.ResolvedFilesDir, folder);

        // Written last: a folder without it is an unfinished backup, which restore refuses.
        var manifest = new BackupManifest
        {
            ServerVersion = V2AccountEndpoints.Version,
            CreatedAt = context.Get<TimeProvider>().GetUtcNow(),
            Operations = options.UsesPostgres ? "postgres" : "sqlite",
            Files = options.UsesS3 ? "s3" : "folder",
            Users = users.Count,
            OperationCount = users.Sum(u => u.Head),
            FileCount = files,
        };
        await BackupManifest.WriteAsync(folder, manifest, cancellationToken);
        var filesNote = options.UsesS3 ? $"the listing of {files} objects of bucket {options.S3.Bucket} (back the bucket up with its versioning or replication)" : $"{files} files";
        await context.Stdout.WriteLineAsync($"Backed up {manifest.Users} users, {manifest.OperationCount} operations and {filesNote} into {folder}.");
        return 0;
    }

    public static async Task<int> RestoreAsync(AdminContext context, CancellationToken cancellationToken)
    {
        var folder = Path.GetFullPath(context.Arguments[0]);
        if (!context.CommandLine.Flags.Contains("--yes"))
        {
            return await AdminCommands.UsageErrorAsync(context.Stderr, "restore replaces the server's operations with the backup's; add --yes to confirm.");
        }

        if (await BackupManifest.ReadAsync(folder, cancellationToken) is not { } manifest)
        {
            return await context.RefuseAsync($"'{folder}' holds no finished backup (no readable {BackupManifest.FileName}); nothing was restored.");
        }

        var options = context.Get<IOptions<StorageOptions>>().Value;
        var (operations, files) = (options.UsesPostgres ? "postgres" : "sqlite", options.UsesS3 ? "s3" : "folder");
        if (manifest.Operations != operations || manifest.Files != files)
        {
            return await context.RefuseAsync(
                $"the backup holds {manifest.Operations} operations and {manifest.Files} files, but this server is configured for {operations} and {files}; nothing was restored.");
        }

        try
        {
            if (options.UsesPostgres)
            {
                await PostgresBackup.RestoreAsync(options.Postgres!, folder, cancellationToken);
                await using var migrations = new PostgresDatabase(Options.Create(options));
                await migrations.MigrateAsync(cancellationToken);
            }
            else
            {
                await SqliteBackup.RestoreAsync(context.Get<SqliteDatabase>(), folder, cancellationToken);
                await new SqliteDatabase(Options.Create(options)).MigrateAsync(cancellationToken);
            }
        }
        catch (Exception e) when (e is BackupException or InvalidDataException)
        {
            return await context.RefuseAsync(e.Message);
        }

        var filesNote = options.UsesS3
            ? $"{await FileBackup.MissingFromS3Async((S3FileStore)context.Get<IFileStore>(), folder, cancellationToken)} of the backup's {manifest.FileCount} objects are missing from bucket {options.S3.Bucket} (restore them from its versioning; devices re-upload the files they hold)"
            : $"{FileBackup.RestoreFolder(folder, options.ResolvedFilesDir)} files put back";
        var store = context.Get<IOperationStore>();
        var users = await store.ListUsersAsync(cancellationToken);
        foreach (var user in users)
        {
            await store.RotateEpochAsync(user.Name, cancellationToken);
        }

        await context.Stdout.WriteLineAsync(
            $"Restored the backup of {manifest.CreatedAt:u} ({users.Sum(u => u.Head)} operations); {filesNote}; new epochs for {users.Count} users: devices re-verify their data at their next sync.");
        return 0;
    }
}
