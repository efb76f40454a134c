using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Dataans.App.Desktop.Native;

namespace Dataans.App.Desktop;

/// <summary>
/// The web view: the local UI loads inside it; every other link goes to the default browser; downloads ask
/// where to save, like a browser does.
/// </summary>
internal sealed unsafe partial class DesktopShell
{
    private const int DownloadFolder = 2; // G_USER_DIRECTORY_DOWNLOAD

    private void CreateWebView()
    {
        // The web view's own storage (the UI's drafts in localStorage, HSTS, caches) is kept per data
        // folder, under it, not in WebKit's default folder named after the program (which would be the
        // default data folder itself).
        var manager = GLib.NewWithStrings(
            WebKit.webkit_website_data_manager_get_type(),
            ("base-data-directory", Path.Combine(_options.DataFolder, "webview")),
            ("base-cache-directory", Path.Combine(XdgFolders.CacheHome, "dataans", "webview", AppInstance.FolderKey(_options.DataFolder))));
        _webView = WebKit.webkit_web_view_new_with_context(WebKit.webkit_web_context_new_with_website_data_manager(manager));
        var settings = WebKit.webkit_web_view_get_settings(_webView);
        // Lets the page read the clipboard (DOM paste) without asking: WebKitGTK gives a paste event no image,
        // so the page reads a pasted image with navigator.clipboard.read().
        WebKit.webkit_settings_set_javascript_can_access_clipboard(settings, GLib.True);

        // "Dataans" in the user agent tells the page it is in this window (see dataans.js: inDesktopWindow).
        WebKit.webkit_settings_set_user_agent_with_application_details(settings, "Dataans", null);
        if (Environment.GetEnvironmentVariable("DATAANS_DEVTOOLS") == "1")
        {
            WebKit.webkit_settings_set_enable_developer_extras(settings, GLib.True);
        }

        RenderOnTheCpu(settings);
        var background = Color(_options.BackgroundColor);
        WebKit.webkit_web_view_set_background_color(_webView, in background);
        GLib.Connect(_webView, "decide-policy", (delegate* unmanaged[Cdecl]<nint, nint, int, nint, int>)&OnDecidePolicy);
        GLib.Connect(_webView, "web-process-terminated", (delegate* unmanaged[Cdecl]<nint, int, nint, void>)&OnWebProcessTerminated);
        GLib.Connect(WebKit.webkit_web_view_get_context(_webView), "download-started", (delegate* unmanaged[Cdecl]<nint, nint, nint, void>)&OnDownloadStarted);
        ConnectDrops();
        Gtk.gtk_container_add(_window, _webView);

        // WebKit starts its web and network processes for the first page it loads. An empty page (the view's
        // background colour shows through) starts them now, while the UI server starts, instead of after it.
        WebKit.webkit_web_view_load_html(_webView, "<!DOCTYPE html><html></html>", null);
    }

    /// <summary>
    /// Draws the page without WebKit's GPU compositing, unless DATAANS_WEBVIEW_GPU=1: a page of notes needs none,
    /// and setting it up cost 2 s of the start-up and 85 MiB (docs/benchmarks.md) where GL is rendered in software.
    /// </summary>
    private static void RenderOnTheCpu(nint settings)
    {
        if (Environment.GetEnvironmentVariable("DATAANS_WEBVIEW_GPU") != "1"
            && GLib.EnumValue(WebKit.webkit_hardware_acceleration_policy_get_type(), "WEBKIT_HARDWARE_ACCELERATION_POLICY_NEVER") is { } never)
        {
            WebKit.webkit_settings_set_hardware_acceleration_policy(settings, never);
        }
    }

    /// <summary>True for the UI's own pages; everything else leaves the window.</summary>
    private bool IsOwnPage(string? uri) =>
        uri is not null && (uri.StartsWith("about:", StringComparison.Ordinal)
            || (_url is { } url && (uri.StartsWith(url, StringComparison.Ordinal) || uri == url.TrimEnd('/') || uri.StartsWith("blob:" + url.TrimEnd('/'), StringComparison.Ordinal))));

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnDecidePolicy(nint view, nint decision, int type, nint data)
    {
        if (type is not (WebKit.PolicyNavigationAction or WebKit.PolicyNewWindowAction) || _current is not { } shell)
        {
            return GLib.False; // responses: WebKit shows what it can and downloads the rest
        }

        var handled = GLib.False;
        GtkThread.Guard(() =>
        {
            var action = WebKit.webkit_navigation_policy_decision_get_navigation_action(decision);
            var uri = GLib.Text(WebKit.webkit_uri_request_get_uri(WebKit.webkit_navigation_action_get_request(action)));
            if (type == WebKit.PolicyNavigationAction && shell.IsOwnPage(uri))
            {
                return;
            }

            WebKit.webkit_policy_decision_ignore(decision);
            handled = GLib.True;
            if (uri is not null && ExternalOpener.IsExternalLink(uri) && ExternalOpener.Open(uri) is { } problem)
            {
                GtkThread.Errors.WriteLine($"Desktop window: {problem}");
            }
        });
        return handled;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnWebProcessTerminated(nint view, int reason, nint data) =>
        GtkThread.Guard(() => WebKit.webkit_web_view_reload(view));

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnDownloadStarted(nint context, nint download, nint data) =>
        GLib.Connect(download, "decide-destination", (delegate* unmanaged[Cdecl]<nint, nint, nint, int>)&OnDecideDestination);

    /// <summary>Asks where to save, as a browser does; cancelling the dialog cancels the download.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnDecideDestination(nint download, nint suggestedName, nint data)
    {
        GtkThread.Guard(() =>
        {
            var destination = _current?.AskWhereToSave(GLib.Text(suggestedName) ?? "download");
            if (destination is null)
            {
                WebKit.webkit_download_cancel(download);
                return;
            }

            WebKit.webkit_download_set_allow_overwrite(download, GLib.True); // the dialog already asked
            WebKit.webkit_download_set_destination(download, destination);
        });
        return GLib.True;
    }

    private string? AskWhereToSave(string suggestedName)
    {
        var chooser = Gtk.gtk_file_chooser_native_new("Save file", _window, Gtk.FileChooserActionSave, "_Save", "_Cancel");
        try
        {
            Gtk.gtk_file_chooser_set_do_overwrite_confirmation(chooser, GLib.True);
            if (GLib.Text(GLib.g_get_user_special_dir(DownloadFolder)) is { } folder && Directory.Exists(folder))
            {
                Gtk.gtk_file_chooser_set_current_folder(chooser, folder);
            }

            Gtk.gtk_file_chooser_set_current_name(chooser, Path.GetFileName(suggestedName));
            _dialogOpen = true;
            var response = Gtk.gtk_native_dialog_run(chooser);
            return response == Gtk.ResponseAccept ? GLib.TakeText(Gtk.gtk_file_chooser_get_uri(chooser)) : null;
        }
        finally
        {
            _dialogOpen = false;
            GLib.g_object_unref(chooser);
        }
    }

    private static WebKit.Rgba Color(string hex)
    {
        if (hex.Length == 7 && hex[0] == '#' && int.TryParse(hex.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var rgb))
        {
            return new WebKit.Rgba { Red = ((rgb >> 16) & 0xFF) / 255.0, Green = ((rgb >> 8) & 0xFF) / 255.0, Blue = (rgb & 0xFF) / 255.0, Alpha = 1 };
        }

        return new WebKit.Rgba { Red = 1, Green = 1, Blue = 1, Alpha = 1 };
    }
}
