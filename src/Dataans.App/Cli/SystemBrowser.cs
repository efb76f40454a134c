namespace Dataans.App.Cli;

/// <summary>Opens a page in the desktop's browser, if there is one (the address is printed as well).</summary>
internal static class SystemBrowser
{
    public static void Open(Uri page)
    {
        try
        {
            var opener = OperatingSystem.IsWindows() ? "explorer" : OperatingSystem.IsMacOS() ? "open" : "xdg-open";
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(opener, [page.AbsoluteUri])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No desktop opener: the printed address can be opened by hand.
        }
    }
}
