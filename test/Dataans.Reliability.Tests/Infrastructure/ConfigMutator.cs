using System.Text;

namespace Dataans.Reliability.Tests.Infrastructure;

/// <summary>Seeded hostile configuration: server command lines and config.toml / theme texts of the app.</summary>
internal static class ConfigMutator
{
    private static readonly string[] Switches =
    [
        "--operations-store", "--postgres", "--files-store", "--s3-endpoint", "--s3-bucket", "--s3-access-key", "--s3-secret-key", "--s3-region",
        "--s3-prefix", "--s3-path-style", "--auth", "--user-claim", "--cloudflare-team", "--cloudflare-aud", "--cloudflare-certs-url",
        "--cloudflare-issuer", "--oidc-authority", "--oidc-audience", "--max-json-bytes", "--max-file-bytes", "--Limits:MaxOpsPerPush",
        "--Limits:MaxPullLimit", "--Limits:DefaultPullLimit", "--Limits:MaxPullBytes", "--Limits:MaxOperationBytes", "--Limits:MaxItemsPerBlock",
        "--Limits:MaxVerifierLength", "--Limits:ShutdownTimeoutSeconds", "--Auth:Mode", "--Storage:S3:ForcePathStyle",
    ];

    private static readonly string[] Values =
    [
        "", " ", "sqlite", "postgres", "SQLite", "folder", "s3", "S3", "token", "oidc", "cloudflare", "Token", "none", "ｓｑｌｉｔｅ", "true", "false",
        "maybe", "yes", "1", "0", "-1", "1024", "500", "1000", "2147483647", "2147483648", "9223372036854775807", "9223372036854775808",
        "99999999999999999999", "1e3", "0x10", "1.5", "abc", "http://", "https://example.org", "not a url", "ftp://x", "sub", "email",
        "Host=127.0.0.1;Username=x", "bucket", "team", "aud", "https://team.cloudflareaccess.com", "../../etc", "%00", "\u202e", new string('a', 5000),
    ];

    private static readonly string[] TomlFragments =
    [
        "[", "]", "[[", "]]", "=", "\"", "'", "'''", "\"\"\"", "\n", "#", "{", "}", ",", ".", "\\", "\\u", "\\UFFFFFFFF", "\0", "\ud800", "\uFEFF",
        "\n[app]\n", "\n[key-bindings]\n", "\n[appearance]\n", "port = 99999999999999999999999\n", "port = -1\n", "port = 1e999\n", "port = nan\n",
        "port = inf\n", "port = \"7780\"\n", "port = 1979-05-27T07:32:00Z\n", "app-window = \"yes\"\n", "theme = \"../../../../etc/passwd\"\n",
        "theme = \"\"\n", "theme = 42\n", "search = \"Ctrl+Ctrl+\"\n", "search = \"\"\n", "search = [\"Ctrl+k\"]\n", "nope = \"Ctrl+k\"\n",
        "app = 1\n", "key-bindings = \"x\"\n", "a.b.c.d.e.f = 1\n", "x = { y = { z = 1 } }\n", "x = [1, \"a\", 1.5]\n",
        "background = \"red; } body { display:none\"\n", "accent = \"</style><script>\"\n", "fg = \"\\\\\"\n", "-- = 1\n",
    ];

    private static readonly string[] CliWords =
    [
        "space", "note", "add", "edit", "delete", "list", "show", "history", "restore", "sync", "now", "status", "import", "export", "search", "ui",
        "--space", "--attach", "--limit", "--port", "--data-dir", "--json", "--protocol", "--format", "--layout", "--with-files", "--out", "--no-browser",
        "--app", "--help", "-h", "v1", "v3", "json", "markdown", "0", "-1", "65536", "99999999999999999999", "abc", "", " ", "--", "-", "--port=",
        "--limit=0", "\u202e", "../../etc/passwd", new string('x', 3000),
    ];

    /// <summary>A random `dataans` command line made of real command and option names and hostile values.</summary>
    public static string[] CliArgs(Random random) =>
        [.. Enumerable.Range(0, random.Next(7)).Select(_ => CliWords[random.Next(CliWords.Length)])];

    public static string[] ServerArgs(Random random)
    {
        var args = new List<string>();
        for (var i = 0; i < 1 + random.Next(5); i++)
        {
            args.Add(Switches[random.Next(Switches.Length)]);
            var roll = random.Next(20);
            if (roll == 0)
            {
                continue; // a switch without its value (or followed by the next switch)
            }

            args.Add(roll == 1 ? "--" + Values[random.Next(Values.Length)] : Values[random.Next(Values.Length)]);
        }

        return [.. args];
    }

    /// <summary>A mutation of <paramref name="seed"/> (config.toml or a theme): spliced fragments, cut, repeated or shuffled lines, deep arrays.</summary>
    public static string Toml(Random random, string seed)
    {
        var text = seed;
        for (var round = 0; round < 1 + random.Next(4); round++)
        {
            var at = random.Next(text.Length + 1);
            text = random.Next(8) switch
            {
                0 => text[..at],
                1 => text[..at] + text[Math.Min(text.Length, at + random.Next(40))..],
                2 => RepeatLine(random, text),
                3 => text + "\nx = " + new string('[', 200 + random.Next(2_000)) + new string(']', random.Next(2) == 0 ? 0 : 2_200),
                4 => text + "\nlong = \"" + new string('y', 100_000) + "\"\n",
                _ => text[..at] + TomlFragments[random.Next(TomlFragments.Length)] + text[at..],
            };
        }

        return text;
    }

    private static string RepeatLine(Random random, string text)
    {
        var lines = text.Split('\n');
        var line = lines[random.Next(lines.Length)];
        return new StringBuilder(text).Append('\n').Append(line).Append('\n').ToString();
    }
}
