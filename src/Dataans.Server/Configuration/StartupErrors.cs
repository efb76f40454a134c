using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Dataans.Server.Configuration;

/// <summary>
/// Turns a configuration failure at start-up (from appsettings.json, DATAANS_SERVER_ variables or a
/// switch) into the one line dataans-server prints before exiting with code 2; null for anything else.
/// </summary>
internal static partial class StartupErrors
{
    public static string? Describe(Exception exception) => exception switch
    {
        OptionsValidationException validation => string.Join(" ", validation.Failures),

        // Several option sections failed at once: the host reports them together.
        AggregateException aggregate when aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(inner => Describe(inner) is not null) =>
            string.Join(" ", aggregate.InnerExceptions.Select(Describe).Distinct(StringComparer.Ordinal)),

        // The binder could not convert a value ("Failed to convert configuration value 'x' at 'Limits:…' to type 'System.Int32'.").
        InvalidOperationException conversion when Conversion().Match(conversion.Message) is { Success: true } match =>
            $"{Setting(match.Groups["key"].Value)} must be {TypeWord(match.Groups["type"].Value)}, not '{Quote(match.Groups["value"].Value)}'.",

        // A malformed command line ("--max-json-bytes" without a value, an unknown short switch).
        FormatException format when format.TargetSite?.DeclaringType?.Namespace?.StartsWith("Microsoft.Extensions.Configuration", StringComparison.Ordinal) == true =>
            $"The command line is not valid: {FirstLine(format.Message)}",

        _ => null,
    };

    /// <summary>A configured value quoted in an error: at most 40 characters, control characters as '?'.</summary>
    public static string Quote(string? value)
    {
        var text = new string((value ?? string.Empty).Take(40).Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return value?.Length > 40 ? text + "…" : text;
    }

    private static string Setting(string key) =>
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

    [GeneratedRegex(@"^Failed to convert configuration value '(?<value>.*)' at '(?<key>[^']*)' to type '(?<type>[^']*)'", RegexOptions.Singleline)]
    private static partial Regex Conversion();
}
