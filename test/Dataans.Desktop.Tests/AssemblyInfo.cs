// The desktop app and these tests are for Linux (X11, GTK, D-Bus).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
