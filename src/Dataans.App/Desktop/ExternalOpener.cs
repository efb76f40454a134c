using System.Diagnostics;

namespace Dataans.App.Desktop;

/// <summary>
/// Hands a link, file or folder to the desktop (xdg-open on Linux, open on macOS, the shell on Windows), so
/// links open in the default browser and files in their own application. Thread-safe.
/// </summary>
internal static class ExternalOpener
{
    /// <summary>Only these leave the app for the default browser or mail program.</summary>
    public static bool IsExternalLink(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https" or "mailto";

    /// <summary>Opens <paramref name="target"/>; returns null or a sentence saying why it could not.</summary>
    public static string? Open(string target)
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Process.Start(new ProcessStartInfo(target) { UseShellExecute = true })?.Dispose();
                return null;
            }

            var start = new ProcessStartInfo(OperatingSystem.IsMacOS() ? "open" : "xdg-open")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.ArgumentList.Add(target);
            var process = Process.Start(start);
            if (process is null)
            {
                return "The desktop's opener could not be started.";
            }

            // The opener may outlive our interest in it; its output is not ours to show.
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            process.EnableRaisingEvents = true;
            process.Exited += (_, _) => process.Dispose();
            return null;
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return $"xdg-open could not be started ({exception.Message}).";
        }
    }
}
