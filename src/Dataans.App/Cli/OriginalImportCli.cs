using Dataans.Core.Import;
using Dataans.Core.Import.Original;

namespace Dataans.App.Cli;

/// <summary>
/// <c>dataans import DIR</c> for a folder of the original Dataans app and <c>dataans import --original</c>
/// (its default place), with <c>--with-profile</c> to take over its sign-in.
/// </summary>
internal static class OriginalImportCli
{
    /// <summary>What PATH or <c>--original</c> names: an original installation, or a JSON file (also our export's folder).</summary>
    /// <exception cref="CliException">--original and there is none at the default place.</exception>
    /// <exception cref="Core.Export.ImportException">Nothing importable is at PATH.</exception>
    public static ImportSource Resolve(string? path, bool original)
    {
        if (original)
        {
            return new ImportSource.OriginalInstallation(OriginalLocation.FindDefault() ?? throw new CliException(
                $"There is no installation of the original Dataans app at its default place ({OriginalLocation.DefaultAppDataFolder(CurrentPlatform(), Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify)) ?? "unknown on this system"}); name its folder instead."));
        }

        return ImportSource.Resolve(path!);
    }

    public static async Task RunAsync(CliSession session, OriginalLocation location, bool withProfile, CancellationToken cancellationToken)
    {
        var progress = session.Output.Progress();
        OriginalImportResult result;
        try
        {
            result = await OriginalImporter.ImportAsync(session.Store, location, withProfile, progress, cancellationToken);
        }
        finally
        {
            progress?.Finish();
        }

        if (session.Output.IsJson)
        {
            session.Output.Json(new OriginalImportJson(
                location.DataFolder, result.Spaces, result.Notes, result.Files, result.FilesCopied, result.OriginalOperations,
                result.CreatedOperations, result.Applied, result.AlreadyKnown, result.SettingsImported, result.ProfileImported, result.Warnings));
            return;
        }

        session.Output.Line(
            $"Imported the original Dataans installation at {location.DataFolder}: {result.Spaces} spaces, {result.Notes} notes, "
            + $"{result.Files} files ({result.FilesCopied} copied); {result.OriginalOperations} operations kept and {result.CreatedOperations} added, "
            + $"{result.Applied} new here, {result.AlreadyKnown} already known"
            + (result.SettingsImported ? "; key bindings and theme carried over" : string.Empty)
            + (result.ProfileImported ? "; sign-in taken over" : string.Empty) + ".");
        foreach (var warning in result.Warnings)
        {
            session.Output.Remark("Warning: " + warning);
        }
    }

    private static System.Runtime.InteropServices.OSPlatform CurrentPlatform() =>
        OperatingSystem.IsWindows() ? System.Runtime.InteropServices.OSPlatform.Windows
        : OperatingSystem.IsMacOS() ? System.Runtime.InteropServices.OSPlatform.OSX
        : System.Runtime.InteropServices.OSPlatform.Linux;
}

internal sealed record OriginalImportJson(
    string Folder,
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
