using System.Text.RegularExpressions;
using Dataans.Server.Storage;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace Dataans.Server.Configuration;

/// <summary>
/// Turns a configuration failure at start-up (from appsettings.json, DATAANS_SERVER_ variables or a
/// switch) into the one line dataans-server prints before exiting with code 2; null for anything else.
/// </summary>
internal static partial class StartupErrors
{
    public static string? Describe(Exception exception, string? urls = null) => exception switch
    {
        OptionsValidationException validation => string.Join(" ", validation.Failures),
        UsageException usage => usage.Message,
        StorageUnusableException storage => storage.Message,

        // Kestrel: "Failed to bind to address http://127.0.0.1:8080: address already in use."
        IOException { InnerException: AddressInUseException } bind when BindAddress().Match(bind.Message) is { Success: true } match =>
            $"Cannot listen on {match.Groups["address"].Value}: the address is already in use (another server?); choose another with --urls.",
        IOException { InnerException: System.Net.Sockets.SocketException socket } bind when BindAddress().Match(bind.Message) is { Success: true } match =>
            $"Cannot listen on {match.Groups["address"].Value} (--urls): {socket.Message.TrimEnd('.')}.",
        // Binding to an address this machine does not have.
        System.Net.Sockets.SocketException socket =>
            $"Cannot listen on {urls ?? "the --urls address"} (--urls): {Sentence(socket.Message)}",
        InvalidOperationException or FormatException when exception.Message.StartsWith("Invalid url", StringComparison.OrdinalIgnoreCase)
            || exception.Message.Contains("is not a valid URL", StringComparison.OrdinalIgnoreCase)
            || exception.Message.Contains("Unrecognized scheme", StringComparison.OrdinalIgnoreCase) =>
            $"urls (--urls) must be addresses like http://127.0.0.1:8080 separated by ';': {Sentence(exception.Message)}",

        // appsettings.json next to the executable does not parse.
        InvalidDataException { InnerException: { } inner } file when file.Message.StartsWith("Failed to load configuration from file", StringComparison.Ordinal) =>
            $"{ConfigurationFile().Match(file.Message).Groups["file"].Value} is not valid JSON: {Sentence((inner.InnerException ?? inner).Message)}",

        // Several option sections failed at once: the host reports them together.
        AggregateException aggregate when aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(inner => Describe(inner, urls) is not null) =>
            string.Join(" ", aggregate.InnerExceptions.Select(inner => Describe(inner, urls)).Distinct(StringComparer.Ordinal)),

        // The binder could not convert a value ("Failed to convert configuration value 'x' at 'Limits:…' to type 'System.Int32'.").
        InvalidOperationException conversion when Conversion().Match(conversion.Message) is { Success: true } match =>
            $"{Setting(match.Groups["key"].Value)} must be {TypeWord(match.Groups["type"].Value)}, not '{Quote(match.Groups["value"].Value)}'.",

        // A malformed command line ("--max-json-bytes" without a value, an unknown short switch).
        FormatException format when format.TargetSite?.DeclaringType?.Namespace?.StartsWith("Microsoft.Extensions.Configuration", StringComparison.Ordinal) == true =>
            $"The command line is not valid: {FirstLine(format.Message)}",

        _ => null,
    };

    /// <summary>A failure nobody foresaw, still as one line: its type and first line (the log has no stack trace either).</summary>
    public static string Unexpected(Exception exception) =>
        $"the server failed to start: {exception.GetType().Name}: {Sentence(exception.Message)}";

    /// <summary>The first line of a message, ending with one full stop.</summary>
    public static string Sentence(string message)
    {
        var line = FirstLine(message);
        return line.EndsWith('.') ? line : line + ".";
    }

    /// <summary>A configured value quoted in an error: at most 40 characters, control characters as '?'.</summary>
    public static string Quote(string? value)
    {
        var text = new string((value ?? string.Empty).Take(40).Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return value?.Length > 40 ? text + "…" : text;
    }

    /// <summary>A configuration key with the switch that sets it, e.g. <c>Limits:MaxFileBytes (--max-file-bytes)</c>.</summary>
    public static string Setting(string key) =>
        SyncServerHost.SwitchMappings.FirstOrDefault(pair => string.Equals(pair.Value, key, StringComparison.OrdinalIgnoreCase)).Key is { } name
            ? $"{key} ({name})"
            : key;

    private static string TypeWord(string type) => type switch
    {
        "System.Int32" or "System.Int64" => "a whole number",
        "System.Boolean" => "true or false",
        _ => $"a {type.Split('.')[^1]}",
    };

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    [GeneratedRegex(@"Failed to bind to address (?<address>\S+?):? ")]
    private static partial Regex BindAddress();

    [GeneratedRegex("file '(?<file>[^']*)'")]
    private static partial Regex ConfigurationFile();

    [GeneratedRegex(@"^Failed to convert configuration value '(?<value>.*)' at '(?<key>[^']*)' to type '(?<type>[^']*)'", RegexOptions.Singleline)]
    private static partial Regex Conversion();
}
