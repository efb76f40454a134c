using System.Runtime.InteropServices;

namespace Dataans.App.Desktop.Native;

/// <summary>The WebKitGTK 4.1 calls of the desktop window. Call them only on the GTK thread.</summary>
internal static partial class WebKit
{
    public const int PolicyNavigationAction = 0;
    public const int PolicyNewWindowAction = 1;
    public const int PolicyResponse = 2;
    public const int LoadFinished = 3;

    [LibraryImport(NativeLibraries.WebKit)]
    public static partial nuint webkit_website_data_manager_get_type();

    [LibraryImport(NativeLibraries.WebKit)]
    public static partial nint webkit_web_context_new_with_website_data_manager(nint manager);

    [LibraryImport(NativeLibraries.WebKit)]
    public static partial nint webkit_web_view_new_with_context(nint context);

    [LibraryImport(NativeLibraries.WebKit, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void webkit_web_view_load_uri(nint view, string uri);

    [LibraryImport(NativeLibraries.WebKit, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void webkit_web_view_load_html(nint view, string content, string? baseUri);

    [LibraryImport(NativeLibraries.WebKit)]
    public static partial void webkit_web_view_reload(nint view);

    [LibraryImport(NativeLibraries.WebKit)]
    public static partial nint webkit_web_view_get_settings(nint view);

    /// <summary>Runs a script in the page; <paramref name="callback"/>(view, result, data) gets its value with the _finish call.</summary>
    [LibraryImport(NativeLibraries.WebKit, StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial void webkit_web_view_evaluate_javascript(
        nint view, string script, nint length, string? worldName, string? sourceUri, nint cancellable, delegate* unmanaged[Cdecl]<nint, nint, nint, void> callback, nint data);

    /// <summary>The script's JSCValue (unref it), or 0 with <paramref name="error"/> set (free it).</summary>
    [LibraryImport(NativeLibraries.WebKit)]
    public static partial nint webkit_web_view_evaluate_javascript_finish(nint view, nint result, out nint error);

    [LibraryImport(NativeLibraries.JavaScriptCore)]
    public static partial int jsc_value_to_boolean(nint value);

    [LibraryImport(NativeLibraries.WebKit)]
    public static partial nint webkit_web_view_get_context(nint view);

    [LibraryImport(NativeLibraries.WebKit)]
    public static partial void webkit_web_view_set_background_color(nint view, in Rgba color);

    [LibraryImport(NativeLibraries.WebKit)]
    public static partial void webkit_settings_set_javascript_can_access_clipboard(nint settings, int enabled);

    /// <summary>Appends "name/version" to the user agent (version may be null).</summary>
    [LibraryImport(NativeLibraries.WebKit, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void webkit_settings_set_user_agent_with_application_details(nint settings, string name, string? version);

    [LibraryImport(NativeLibraries.WebKit)]
    public static partial void webkit_settings_set_enable_developer_extras(nint settings, int enabled);

    [LibraryImport(NativeLibraries.WebKit)]
    public static partial nuint webkit_hardware_acceleration_policy_get_type();

    [LibraryImport(NativeLibraries.WebKit)]
    public static partial void webkit_settings_set_hardware_acceleration_policy(nint settings, int policy);

    [LibraryImport(NativeLibraries.WebKit)]
    public static partial void webkit_policy_decision_use(nint decision);

    [LibraryImport(NativeLibraries.WebKit)]
    public static partial void webkit_policy_decision_ignore(nint decision);

    [LibraryImport(NativeLibraries.WebKit)]
    public static partial void webkit_policy_decision_download(nint decision);

    [LibraryImport(NativeLibraries.WebKit)]
    public static partial nint webkit_navigation_policy_decision_get_navigation_action(nint decision);

    [LibraryImport(NativeLibraries.WebKit)]
    public static partial nint webkit_navigation_action_get_request(nint action);

    [LibraryImport(NativeLibraries.WebKit)]
    public static partial nint webkit_uri_request_get_uri(nint request);

    [LibraryImport(NativeLibraries.WebKit)]
    public static partial int webkit_response_policy_decision_is_mime_type_supported(nint decision);

    [LibraryImport(NativeLibraries.WebKit, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void webkit_download_set_destination(nint download, string uri);

    [LibraryImport(NativeLibraries.WebKit)]
    public static partial void webkit_download_set_allow_overwrite(nint download, int allowed);

    [LibraryImport(NativeLibraries.WebKit)]
    public static partial void webkit_download_cancel(nint download);

    /// <summary>GdkRGBA.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Rgba
    {
        public double Red;
        public double Green;
        public double Blue;
        public double Alpha;
    }
}
