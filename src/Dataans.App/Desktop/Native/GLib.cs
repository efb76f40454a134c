using System.Runtime.InteropServices;

namespace Dataans.App.Desktop.Native;

/// <summary>GLib and GObject: the main loop's idle queue, signals and reference counting.</summary>
internal static unsafe partial class GLib
{
    public const int True = 1;
    public const int False = 0;

    /// <summary>Runs <paramref name="function"/> once on the main loop's thread; the only GLib call made from other threads.</summary>
    [LibraryImport(NativeLibraries.GLib)]
    public static partial uint g_idle_add(delegate* unmanaged[Cdecl]<nint, int> function, nint data);

    [LibraryImport(NativeLibraries.GLib)]
    public static partial uint g_timeout_add(uint intervalMilliseconds, delegate* unmanaged[Cdecl]<nint, int> function, nint data);

    [LibraryImport(NativeLibraries.GLib)]
    public static partial void g_free(nint memory);

    [LibraryImport(NativeLibraries.GLib)]
    public static partial void g_strfreev(nint strings);

    [LibraryImport(NativeLibraries.GLib)]
    public static partial void g_error_free(nint error);

    /// <summary>The local path of a file:// URI (free it), or 0 for any other URI.</summary>
    [LibraryImport(NativeLibraries.GLib)]
    public static partial nint g_filename_from_uri(nint uri, nint hostname, nint error);

    [LibraryImport(NativeLibraries.GLib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void g_set_prgname(string name);

    [LibraryImport(NativeLibraries.GLib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void g_set_application_name(string name);

    [LibraryImport(NativeLibraries.GObject, StringMarshalling = StringMarshalling.Utf8)]
    public static partial ulong g_signal_connect_data(nint instance, string signal, nint handler, nint data, nint destroyData, int flags);

    [LibraryImport(NativeLibraries.GObject)]
    public static partial nint g_object_ref(nint instance);

    /// <summary>G_TYPE_STRING.</summary>
    public const nuint StringType = 16 << 2;

    [LibraryImport(NativeLibraries.GObject)]
    public static partial nint g_object_new_with_properties(nuint type, uint count, nint* names, Value* values);

    [LibraryImport(NativeLibraries.GObject)]
    public static partial nint g_value_init(Value* value, nuint type);

    [LibraryImport(NativeLibraries.GObject, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void g_value_set_string(Value* value, string text);

    [LibraryImport(NativeLibraries.GObject)]
    public static partial void g_value_unset(Value* value);

    /// <summary>Creates a GObject with string properties (g_object_new without its variadic arguments).</summary>
    public static nint NewWithStrings(nuint type, params (string Name, string Value)[] properties)
    {
        var names = stackalloc nint[properties.Length];
        var values = stackalloc Value[properties.Length];
        try
        {
            for (var i = 0; i < properties.Length; i++)
            {
                names[i] = Marshal.StringToCoTaskMemUTF8(properties[i].Name);
                values[i] = default;
                g_value_init(&values[i], StringType);
                g_value_set_string(&values[i], properties[i].Value);
            }

            return g_object_new_with_properties(type, (uint)properties.Length, names, values);
        }
        finally
        {
            for (var i = 0; i < properties.Length; i++)
            {
                Marshal.FreeCoTaskMem(names[i]);
                g_value_unset(&values[i]);
            }
        }
    }

    [LibraryImport(NativeLibraries.GObject)]
    public static partial void g_object_unref(nint instance);

    /// <summary>The type name of a GObject instance, e.g. "GdkX11Display".</summary>
    [LibraryImport(NativeLibraries.GObject)]
    public static partial nint g_type_name_from_instance(nint instance);

    [LibraryImport(NativeLibraries.GObject)]
    public static partial nint g_type_class_ref(nuint type);

    [LibraryImport(NativeLibraries.GObject)]
    public static partial void g_type_class_unref(nint typeClass);

    /// <summary>The GEnumValue (its first field is the gint value) of an enum class, or 0.</summary>
    [LibraryImport(NativeLibraries.GObject, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int* g_enum_get_value_by_name(nint enumClass, string name);

    /// <summary>The value of a C enum member, looked up by its name in the library's own type (no guessed numbers).</summary>
    public static int? EnumValue(nuint enumType, string name)
    {
        var enumClass = g_type_class_ref(enumType);
        try
        {
            var value = g_enum_get_value_by_name(enumClass, name);
            return value is null ? null : *value;
        }
        finally
        {
            g_type_class_unref(enumClass);
        }
    }

    /// <summary>G_USER_DIRECTORY_DOWNLOAD is 2; the string belongs to GLib.</summary>
    [LibraryImport(NativeLibraries.GLib)]
    public static partial nint g_get_user_special_dir(int directory);

    public static void Connect(nint instance, string signal, void* handler) => g_signal_connect_data(instance, signal, (nint)handler, 0, 0, 0);

    /// <summary>GValue: the type and two 8-byte data words.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Value
    {
        public nuint Type;
        public ulong Data0;
        public ulong Data1;
    }

    /// <summary>Reads a UTF-8 C string owned by the callee (not freed).</summary>
    public static string? Text(nint utf8) => utf8 == 0 ? null : Marshal.PtrToStringUTF8(utf8);

    /// <summary>Reads a UTF-8 C string the caller owns and frees it with g_free.</summary>
    public static string? TakeText(nint utf8)
    {
        var text = Text(utf8);
        if (utf8 != 0)
        {
            g_free(utf8);
        }

        return text;
    }
}
