using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Dataans.App.Desktop.Native;
using Dataans.App.Ui.State;

namespace Dataans.App.Desktop;

/// <summary>
/// Files dropped on the window from other applications. WebKitGTK no longer gives the page the files of a
/// drop (dataTransfer.files stays empty since its fix for CVE-2025-13947), so the window takes the paths from
/// the GTK drop itself, only from drags that started outside this process (never a uri-list the page wrote),
/// stores each file as an upload and hands the uploads to the editor under the drop point, as the page's
/// own drop handler does in a browser.
/// </summary>
internal sealed partial class DesktopShell
{
    private nint _dragContext;
    private string[] _draggedFiles = [];

    /// <summary>Stores one dropped file as an upload; drops are ignored until it is set (the UI server is up).</summary>
    public Func<string, Task<UploadedFile>>? StoreDroppedFile { get; set; }

    private unsafe void ConnectDrops()
    {
        GLib.Connect(_webView, "drag-data-received", (delegate* unmanaged[Cdecl]<nint, nint, int, int, nint, uint, uint, nint, void>)&OnDragDataReceived);
        GLib.Connect(_webView, "drag-drop", (delegate* unmanaged[Cdecl]<nint, nint, int, int, uint, nint, int>)&OnDragDrop);
    }

    /// <summary>WebKit asks for the drag's data while it moves over the page: note the files of a text/uri-list.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnDragDataReceived(nint widget, nint context, int x, int y, nint data, uint info, uint time, nint user) =>
        GtkThread.Guard(() =>
        {
            if (_current is not { } shell || Gtk.gtk_drag_get_source_widget(context) != 0)
            {
                return; // a drag out of the page itself: what it carries was written by the page
            }

            if (context != shell._dragContext)
            {
                (shell._dragContext, shell._draggedFiles) = (context, []);
            }

            if (Gtk.gtk_selection_data_get_uris(data) is var uris and not 0)
            {
                shell._draggedFiles = LocalPaths(uris);
            }
        });

    /// <summary>On the drop, asks the page whether an editor that takes files is under the point (WebKit goes on with the drop).</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static unsafe int OnDragDrop(nint widget, nint context, int x, int y, uint time, nint user)
    {
        GtkThread.Guard(() =>
        {
            if (_current is not { } shell || context != shell._dragContext || shell._draggedFiles.Length == 0 || shell.StoreDroppedFile is null)
            {
                return;
            }

            var drop = GCHandle.Alloc(new PendingDrop(shell._draggedFiles, x, y));
            (shell._dragContext, shell._draggedFiles) = (0, []);
            var question = string.Create(CultureInfo.InvariantCulture, $"window.dataansDesktop?.dropZoneAt({x}, {y}) === true");
            WebKit.webkit_web_view_evaluate_javascript(shell._webView, question, -1, null, null, 0, &OnDropZoneAnswered, GCHandle.ToIntPtr(drop));
        });
        return GLib.False;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnDropZoneAnswered(nint view, nint result, nint data)
    {
        var handle = GCHandle.FromIntPtr(data);
        var drop = (PendingDrop)handle.Target!;
        handle.Free();
        GtkThread.Guard(() =>
        {
            var value = WebKit.webkit_web_view_evaluate_javascript_finish(view, result, out var error);
            if (error != 0)
            {
                GLib.g_error_free(error);
                return;
            }

            var inZone = WebKit.jsc_value_to_boolean(value) != GLib.False;
            GLib.g_object_unref(value);
            if (inZone && _current is { StoreDroppedFile: { } store } shell)
            {
                _ = Task.Run(() => shell.DeliverAsync(drop, store));
            }
        });
    }

    private async Task DeliverAsync(PendingDrop drop, Func<string, Task<UploadedFile>> store)
    {
        var uploaded = new List<UploadedFile>();
        var failed = new List<string>();
        foreach (var path in drop.Files)
        {
            try
            {
                uploaded.Add(await store(path));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                failed.Add(Path.GetFileName(path));
            }
        }

        var script = new StringBuilder();
        if (uploaded.Count > 0)
        {
            script.Append(CultureInfo.InvariantCulture, $"window.dataansDesktop?.filesDropped({drop.X}, {drop.Y}, {Json(writer => WriteUploads(writer, uploaded))});");
        }

        if (failed.Count > 0)
        {
            var message = $"Could not attach {string.Join(", ", failed.Select(name => $"'{name}'"))}: only files can be dropped, and they must be readable.";
            script.Append(CultureInfo.InvariantCulture, $"window.dataansDesktop?.dropFailed({Json(writer => writer.WriteStringValue(message))});");
        }

        GtkThread.Post(() => RunScript(script.ToString()));
    }

    private unsafe void RunScript(string script) => WebKit.webkit_web_view_evaluate_javascript(_webView, script, -1, null, null, 0, null, 0);

    /// <summary>The local paths among a NULL-terminated array of URIs, which is freed.</summary>
    private static unsafe string[] LocalPaths(nint uris)
    {
        var paths = new List<string>();
        try
        {
            for (var entry = (nint*)uris; *entry != 0; entry++)
            {
                if (GLib.TakeText(GLib.g_filename_from_uri(*entry, 0, 0)) is { } path)
                {
                    paths.Add(path);
                }
            }
        }
        finally
        {
            GLib.g_strfreev(uris);
        }

        return [.. paths];
    }

    /// <summary>A JSON value, which is also a JavaScript literal that is safe inside a script.</summary>
    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The uploads as the page's upload endpoint answers them: [{"id","name","size"}].</summary>
    private static void WriteUploads(Utf8JsonWriter writer, IEnumerable<UploadedFile> files)
    {
        writer.WriteStartArray();
        foreach (var file in files)
        {
            writer.WriteStartObject();
            writer.WriteString("id", file.Id);
            writer.WriteString("name", file.Name);
            writer.WriteNumber("size", file.Size);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private sealed record PendingDrop(string[] Files, int X, int Y);
}
