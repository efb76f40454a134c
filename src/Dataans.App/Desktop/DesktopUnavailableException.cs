namespace Dataans.App.Desktop;

/// <summary>GTK could not start (no usable display).</summary>
internal sealed class DesktopUnavailableException(string message) : Exception(message);
