namespace Dataans.Server.Configuration;

/// <summary>
/// The dataans-server command line split once, wherever the options stand: command words
/// (<c>user add alice</c>), configuration switches with their values (<c>--data-dir X</c>,
/// <c>--Limits:MaxOpsPerPush=10</c>), command options (<c>--label L</c>) and flags (<c>--yes</c>).
/// Anything else is a <see cref="UsageException"/>.
/// </summary>
internal sealed class ServerCommandLine
{
    /// <summary>Options that only some commands take, each with a value.</summary>
    public static readonly IReadOnlySet<string> CommandOptions = new HashSet<string>(StringComparer.Ordinal) { "--label" };

    /// <summary>Options without a value.</summary>
    public static readonly IReadOnlySet<string> FlagNames = new HashSet<string>(StringComparer.Ordinal) { "--yes", "--help", "--version" };

    // Host settings ASP.NET Core reads from the command line, and whole sections (WebApplicationFactory
    // passes every setting, sections included, as --Key=value).
    private static readonly HashSet<string> HostSwitches = new(StringComparer.OrdinalIgnoreCase)
    {
        "--urls", "--http_ports", "--https_ports", "--environment", "--contentRoot", "--applicationName",
        "--Storage", "--Auth", "--Limits", "--Logging", "--Kestrel", "--Metrics", "--AllowedHosts",
    };

    private ServerCommandLine(List<string> words, List<string> configuration, Dictionary<string, string> options, HashSet<string> flags)
    {
        Words = words;
        Configuration = configuration;
        Options = options;
        Flags = flags;
    }

    /// <summary>The command and its arguments; empty when the server is to run.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>Configuration switches in the form <c>AddCommandLine</c> reads.</summary>
    public IReadOnlyList<string> Configuration { get; }

    public IReadOnlyDictionary<string, string> Options { get; }

    public IReadOnlySet<string> Flags { get; }

    /// <exception cref="UsageException">An unknown option, or an option without its value.</exception>
    public static ServerCommandLine Parse(IReadOnlyList<string> args)
    {
        var words = new List<string>();
        var configuration = new List<string>();
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h")
            {
                flags.Add("--help");
                continue;
            }

            if (!arg.StartsWith('-') || arg == "-")
            {
                words.Add(arg);
                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            if (FlagNames.Contains(name))
            {
                if (equals >= 0)
                {
                    throw new UsageException($"{name} takes no value.");
                }

                flags.Add(name);
                continue;
            }

            if (!IsConfigurationSwitch(name) && !CommandOptions.Contains(name))
            {
                throw new UsageException(UnknownOption(name));
            }

            string value;
            if (equals >= 0)
            {
                value = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                throw new UsageException($"{name} needs a value.");
            }

            if (CommandOptions.Contains(name))
            {
                options[name] = value;
            }
            else
            {
                configuration.Add(name);
                configuration.Add(value);
            }
        }

        return new ServerCommandLine(words, configuration, options, flags);
    }

    /// <summary>A mapped switch (<c>--data-dir</c>), a host switch (<c>--urls</c>) or a configuration key (<c>--Limits:MaxFileBytes</c>).</summary>
    private static bool IsConfigurationSwitch(string name) =>
        SyncServerHost.SwitchMappings.ContainsKey(name) || HostSwitches.Contains(name)
        || name.StartsWith("--", StringComparison.Ordinal) && name.Length > 3 && name.Contains(':', StringComparison.Ordinal)
            && !name.StartsWith("--:", StringComparison.Ordinal) && !name.EndsWith(':');

    private static string UnknownOption(string name)
    {
        var known = SyncServerHost.SwitchMappings.Keys.Concat(HostSwitches).Concat(CommandOptions).Concat(FlagNames);
        var closest = known.Select(k => (Name: k, Distance: Distance(name, k))).MinBy(k => k.Distance);
        var hint = closest.Distance <= 2 ? $" (did you mean {closest.Name}?)" : "";
        return $"unknown option '{StartupErrors.Quote(name)}'{hint}; see dataans-server --help.";
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            previous = current;
        }

        return previous[b.Length];
    }
}

/// <summary>A command line that cannot be understood; dataans-server prints the message and exits with code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
