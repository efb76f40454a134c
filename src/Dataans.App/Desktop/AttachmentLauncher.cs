using System.ComponentModel;
using System.Diagnostics;
using Dataans.Core.Model;
using Dataans.Core.Storage;

namespace Dataans.App.Desktop;

/// <summary>
/// "Open" (in its own application) and "show in folder" for attachments, run by the app's own process
/// on this computer. Only a file of a visible note, stored in the data folder's <c>files/</c> as a plain
/// file, is handed to the desktop: never a path a page names, never a symbolic link, an executable or a
/// launcher (<c>.desktop</c>) file. Called from the UI's circuit (behind the local request guard), so
/// no other site can trigger it. Thread-safe.
/// </summary>
internal sealed class AttachmentLauncher(DataansStore store, string opener = "xdg-open", string? sessionBus = null)
{
    private static readonly TimeSpan OpenerPatience = TimeSpan.FromSeconds(10);

    /// <summary>Opens the file in the application the desktop chose for it; returns null or why it could not.</summary>
    public async Task<string?> OpenAsync(Guid noteId, Guid fileId, CancellationToken cancellationToken = default)
    {
        var (file, path, problem) = await FindAsync(noteId, fileId, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (file!.Name.EndsWith(".desktop", StringComparison.OrdinalIgnoreCase) || IsExecutable(path!))
        {
            return $"{file.Name} could start a program, so Dataans does not open it: use Show in folder instead.";
        }

        return await RunOpenerAsync(path!, file.Name, cancellationToken);
    }

    /// <summary>Shows the file in the file manager (selected, where the desktop supports it); returns null or why it could not.</summary>
    public async Task<string?> ShowInFolderAsync(Guid noteId, Guid fileId, CancellationToken cancellationToken = default)
    {
        var (file, path, problem) = await FindAsync(noteId, fileId, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (OperatingSystem.IsLinux() && await AskFileManagerAsync(path!, cancellationToken))
        {
            return null;
        }

        return await RunOpenerAsync(store.Files.Root, "the attachments folder", cancellationToken);
    }

    private async Task<(FileAttachment? File, string? Path, string? Problem)> FindAsync(Guid noteId, Guid fileId, CancellationToken cancellationToken)
    {
        Note note;
        try
        {
            note = await store.GetNoteAsync(noteId, cancellationToken);
        }
        catch (NotFoundException)
        {
            return (null, null, "This note was deleted.");
        }

        if (note.Files.FirstOrDefault(candidate => candidate.Id == fileId) is not { } file)
        {
            return (null, null, "This file is no longer attached to the note.");
        }

        if (store.Files.Resolve(file.Path) is not { } path || new FileInfo(path) is not { Exists: true, LinkTarget: null })
        {
            return (file, null, $"{file.Name} is not on this device yet.");
        }

        return (file, path, null);
    }

    private static bool IsExecutable(string path) =>
        !OperatingSystem.IsWindows()
        && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    /// <summary>Runs the desktop's opener; it may keep running (some wait for the application), which is fine.</summary>
    private async Task<string?> RunOpenerAsync(string target, string what, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
        {
            return ExternalOpener.Open(target);
        }

        var start = new ProcessStartInfo(opener) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(target);
        var exitCode = await RunAsync(start, cancellationToken);
        return exitCode switch
        {
            null or 0 => null,
            -1 => $"{Path.GetFileName(opener)} is not installed, so {what} cannot be opened here.",
            _ => $"No application is set up to open {what}.",
        };
    }

    /// <summary>org.freedesktop.FileManager1.ShowItems on the session bus: opens the folder with the file selected.</summary>
    private async Task<bool> AskFileManagerAsync(string path, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dbus-send") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(sessionBus is null ? "--session" : $"--bus={sessionBus}");
        foreach (var argument in new[]
        {
            "--print-reply", "--reply-timeout=5000", "--dest=org.freedesktop.FileManager1", "/org/freedesktop/FileManager1",
            "org.freedesktop.FileManager1.ShowItems",
            // dbus-send splits array items at commas; an escaped comma is the same file URI.
            "array:string:" + new Uri(path).AbsoluteUri.Replace(",", "%2C", StringComparison.Ordinal),
            "string:",
        })
        {
            start.ArgumentList.Add(argument);
        }

        return await RunAsync(start, cancellationToken) == 0;
    }

    /// <summary>The exit code; null when it is still running after a while; -1 when it cannot be started.</summary>
    private static async Task<int?> RunAsync(ProcessStartInfo start, CancellationToken cancellationToken)
    {
        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (Win32Exception)
        {
            return -1;
        }

        if (process is null)
        {
            return -1;
        }

        // Its output is not ours to show, but must be read so it never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(OpenerPatience);
        try
        {
            await process.WaitForExitAsync(patience.Token);
            var exitCode = process.ExitCode;
            process.Dispose();
            return exitCode;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _ = process.WaitForExitAsync(CancellationToken.None).ContinueWith(_ => process.Dispose(), TaskScheduler.Default);
            return null;
        }
    }
}
