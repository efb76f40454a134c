using Dataans.Core.Export;
using Dataans.Core.Import;
using Dataans.Core.Import.Original;
using Dataans.Core.Storage;

namespace Dataans.App.Ui.State;

/// <summary>
/// Imports a path on this computer for the UI, one run at a time, with progress every open page sees:
/// a folder of the original Dataans app, our export's folder (its files with it) or a JSON file. Also
/// decides whether to offer the original's data on first start (this store is empty, the original is
/// at its default place, the offer was not turned down). Thread-safe; raises <see cref="Changed"/>.
/// </summary>
internal sealed class ImportService(DataansStore store, Func<OriginalLocation?> findOriginal) : IDisposable
{
    private readonly SemaphoreSlim _single = new(1, 1);
    private readonly Lazy<OriginalLocation?> _original = new(findOriginal);
    private volatile bool _running;

    public ImportService(DataansStore store)
        : this(store, () => OriginalLocation.FindDefault())
    {
    }

    public event Action? Changed;

    public void Dispose() => _single.Dispose();

    /// <summary>The original app's installation at its default place, if there is one.</summary>
    public OriginalLocation? Original => _original.Value;

    /// <summary>Progress of the running import, null when none runs.</summary>
    public ExportProgress? Progress { get; private set; }

    /// <summary>One sentence on the last import (success or failure), and its warnings.</summary>
    public ImportOutcome? Last { get; private set; }

    /// <summary>True when the first-start offer should show.</summary>
    public async Task<bool> ShouldOfferAsync(CancellationToken cancellationToken = default) =>
        Original is not null && await OriginalImportOffer.ShouldOfferAsync(store, cancellationToken);

    /// <summary>Remembers that the offer was answered (imported or turned down), so it shows no more.</summary>
    public async Task DismissOfferAsync()
    {
        await OriginalImportOffer.MarkAnsweredAsync(store);
        Changed?.Invoke();
    }

    /// <summary>Imports <paramref name="path"/>; never throws for a bad path or bad data (see <see cref="Last"/>).</summary>
    public async Task<ImportOutcome> ImportAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!await _single.WaitAsync(0, cancellationToken))
        {
            return new ImportOutcome(false, "An import is already running.", []);
        }

        try
        {
            _running = true;
            Report(new ExportProgress(0, 1, "Starting"));

            // Reports are posted and may arrive after the import ended: a finished import stays finished.
            var progress = new Progress<ExportProgress>(value =>
            {
                if (_running)
                {
                    Report(value);
                }
            });
            Last = ImportSource.Resolve(path) switch
            {
                ImportSource.OriginalInstallation { Location: var location } => Describe(location, await OriginalImporter.ImportAsync(store, location, false, progress, cancellationToken)),
                ImportSource.JsonFile { Path: var file } => Describe(await Importer.ImportAsync(store, file, progress, cancellationToken)),
                _ => throw new ImportException("Nothing to import there."),
            };
        }
        catch (ImportException exception)
        {
            Last = new ImportOutcome(false, "Import failed: " + exception.Message, []);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or StoreException or ArgumentException)
        {
            Last = new ImportOutcome(false, "Import failed: " + exception.Message, []);
        }
        finally
        {
            _running = false;
            Progress = null;
            _single.Release();
            Changed?.Invoke();
        }

        return Last;
    }

    private void Report(ExportProgress progress)
    {
        Progress = progress;
        Changed?.Invoke();
    }

    private static ImportOutcome Describe(OriginalLocation location, OriginalImportResult result) => new(
        true,
        $"Imported the original Dataans app from {location.DataFolder}: {result.Spaces} spaces, {result.Notes} notes, {result.Files} files"
        + (result.SettingsImported ? ", key bindings and theme." : "."),
        result.Warnings);

    private static ImportOutcome Describe(ImportResult result) => new(
        true,
        $"Imported {result.SpacesCreated + result.SpacesUpdated} spaces and {result.NotesCreated + result.NotesUpdated} notes with {result.FilesImported} files; {result.Unchanged} unchanged.",
        []);
}

/// <summary>What an import from the UI did, in a sentence, with the files it had to leave out.</summary>
internal sealed record ImportOutcome(bool Success, string Message, IReadOnlyList<string> Warnings);
