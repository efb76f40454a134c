using Dataans.Core.Export;
using Dataans.Core.Profile;
using Dataans.Core.Storage;

namespace Dataans.Core.Import.Original;

/// <summary>
/// Imports an installation of the original Dataans app: every space, note, deletion, note↔file link
/// and file of its SQLite database (every released schema), its operation log as it is (same ids,
/// times, JSON and digests, so a device that migrates converges with an account the original already
/// filled), operations of their own for rows written before the original had sync, every file's bytes,
/// its key bindings and theme choice and, optionally, its sign-in. The original folder is only read.
/// Thread-safe: the data is written in one store transaction.
/// </summary>
public static class OriginalImporter
{
    /// <summary>
    /// Imports the installation at <paramref name="location"/>. Idempotent: a second import of the same
    /// installation changes nothing. A file missing on disk is a warning in the result; the rest is imported.
    /// </summary>
    /// <exception cref="ImportException">
    /// The database is damaged, of another schema, too large or holds what no original writes (a path
    /// leaving its folder, a symbolic link); or the sign-in cannot be taken over. Nothing was changed.
    /// </exception>
    /// <exception cref="OperationCanceledException">Cancelled before the write; nothing was changed.</exception>
    public static async Task<OriginalImportResult> ImportAsync(
        DataansStore store,
        OriginalLocation location,
        bool withProfile = false,
        IProgress<ExportProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(location);
        progress?.Report(new ExportProgress(0, 1, "Reading the original database"));
        var snapshot = await OriginalDatabase.ReadAsync(location, cancellationToken);
        var plan = OriginalPlan.Build(snapshot, location);
        using var profiles = new ProfileStore(store.Directory.Root);
        var profile = withProfile ? await OriginalProfileImport.CheckAsync(location, profiles, cancellationToken) : null;
        if (withProfile && profile is null && !File.Exists(location.ProfilePath))
        {
            plan.Warnings.Add("The original is not signed in to a sync server (it has no profile/profile.json); there was no sign-in to take over.");
        }

        var staged = await StageAsync(store, location, plan, progress, cancellationToken);
        Diagnostics.FaultInjection.Hit("original-import.staged");
        (int Applied, int Known) written;
        try
        {
            written = await OriginalImportWriter.WriteAsync(store, plan, staged, progress, cancellationToken);
        }
        finally
        {
            foreach (var file in staged.Values)
            {
                FilesFolder.Discard(file);
            }
        }

        var warnings = plan.Warnings;
        var settings = OriginalSettingsImport.Apply(location, store.Directory.ConfigsPath, warnings);
        if (profile is not null)
        {
            await profiles.SaveAsync(profile, CancellationToken.None);
        }

        var originalOperations = snapshot.Operations.Count;
        return new OriginalImportResult(
            plan.VisibleSpaces,
            plan.VisibleNotes,
            plan.Files.Count,
            staged.Count,
            originalOperations,
            plan.SyntheticCount,
            written.Applied,
            written.Known,
            settings,
            profile is not null,
            warnings);
    }

    /// <summary>Copies the bytes this store lacks into staging, checking each file's size; missing files become warnings.</summary>
    private static async Task<Dictionary<Guid, StagedFile>> StageAsync(
        DataansStore store, OriginalLocation location, OriginalPlan plan, IProgress<ExportProgress>? progress, CancellationToken cancellationToken)
    {
        OriginalDatabase.RefuseLink(location.FilesFolder);
        OriginalDatabase.RefuseLink(location.ImagesFolder);
        var needed = plan.Files.Where(file => !store.Files.Exists(file.StoredPath)).ToList();
        var staged = new Dictionary<Guid, StagedFile>();
        try
        {
            var done = 0;
            foreach (var file in needed)
            {
                OriginalDatabase.RefuseLink(file.Source);
                var info = new FileInfo(file.Source);
                if (!info.Exists)
                {
                    // A file removed from a draft in the original lost its bytes with it: nothing to warn about.
                    if (!file.IsDeleted)
                    {
                        plan.Warnings.Add($"The file '{file.Name}' ({file.Id}) is missing from the original's folder; it is listed but has no bytes here.");
                    }
                }
                else if (store.Files.Resolve(file.StoredPath) is null)
                {
                    plan.Warnings.Add($"The file '{file.Name}' ({file.Id}) has a name this app cannot store; its bytes were not copied.");
                }
                else
                {
                    var copy = await StageOneAsync(store, file, info.Length, cancellationToken);
                    if (copy is null)
                    {
                        plan.Warnings.Add($"The file '{file.Name}' ({file.Id}) changed while it was copied; run the import again once the original app is closed.");
                    }
                    else
                    {
                        staged[file.Id] = copy;
                    }
                }

                progress?.Report(new ExportProgress(++done, needed.Count, "Copying files"));
            }
        }
        catch
        {
            foreach (var file in staged.Values)
            {
                FilesFolder.Discard(file);
            }

            throw;
        }

        return staged;
    }

    /// <summary>The staged copy, or null when its size is not the size the file had before copying.</summary>
    private static async Task<StagedFile?> StageOneAsync(DataansStore store, PlannedFile file, long expected, CancellationToken cancellationToken)
    {
        try
        {
            await using var source = new FileStream(file.Source, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite | FileShare.Delete, Options = FileOptions.Asynchronous });
            var staged = await store.Files.StageAsync(source, cancellationToken);
            if (staged.Length == expected)
            {
                return staged;
            }

            FilesFolder.Discard(staged);
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ImportException($"The file '{file.Source}' of the original cannot be read ({exception.Message.TrimEnd('.')}).", exception);
        }
    }
}

/// <summary>
/// What an import of the original did. <paramref name="Spaces"/> and <paramref name="Notes"/> are what the
/// original shows; <paramref name="FilesCopied"/> of <paramref name="Files"/> had bytes copied this time;
/// <paramref name="OriginalOperations"/> came from its log and <paramref name="CreatedOperations"/> were made
/// for rows it never logged; <paramref name="Applied"/> operations were new here and <paramref name="AlreadyKnown"/>
/// were not. Immutable and thread-safe.
/// </summary>
public sealed record OriginalImportResult(
    int Spaces,
    int Notes,
    int Files,
    int FilesCopied,
    int OriginalOperations,
    int CreatedOperations,
    int Applied,
    int AlreadyKnown,
    bool SettingsImported,
    bool ProfileImported,
    IReadOnlyList<string> Warnings);
