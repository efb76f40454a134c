using System.CommandLine;
using System.CommandLine.Parsing;

namespace Dataans.App.Cli;

/// <summary>
/// <c>--server URL</c>: an absolute http(s) address, with or without a trailing slash or a path prefix,
/// a host name, an IPv4 or a bracketed IPv6 literal. Anything else is a usage error with one sentence.
/// </summary>
internal static class ServerAddressOption
{
    private const string Example = "https://notes.example.com/ or http://127.0.0.1:8080/";

    public static Option<Uri> Create(string description) => new("--server")
    {
        Description = description,
        Required = true,
        HelpName = "URL",
        CustomParser = Parse,
    };

    private static Uri? Parse(ArgumentResult result)
    {
        var text = result.Tokens is [var token] ? token.Value.Trim() : string.Empty;
        if (TryNormalize(text, out var address, out var problem))
        {
            return address;
        }

        result.AddError($"--server {problem}, e.g. {Example}.");
        return null;
    }

    /// <summary>
    /// Accepts an http(s) address and returns it with a trailing slash, so that routes resolve under a
    /// path prefix; otherwise says what is wrong with it.
    /// </summary>
    internal static bool TryNormalize(string text, out Uri? address, out string problem)
    {
        address = null;
        if (text.Length == 0)
        {
            problem = "needs the server's address";
            return false;
        }

        if (!text.Contains("://", StringComparison.Ordinal))
        {
            problem = $"'{Shorten(text)}' must start with http:// or https://";
            return false;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed))
        {
            problem = $"'{Shorten(text)}' is not a valid address";
            return false;
        }

        if (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
        {
            problem = $"must be an http:// or https:// address, not {parsed.Scheme}://";
            return false;
        }

        if (parsed.Host.Length == 0)
        {
            problem = $"'{Shorten(text)}' names no host";
            return false;
        }

        if (parsed.UserInfo.Length > 0 || parsed.Query.Length > 0 || parsed.Fragment.Length > 0)
        {
            problem = "must be the server's address alone, without a user name, query or fragment";
            return false;
        }

        var builder = new UriBuilder(parsed);
        if (!builder.Path.EndsWith('/'))
        {
            builder.Path += "/";
        }

        address = builder.Uri;
        problem = string.Empty;
        return true;
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
