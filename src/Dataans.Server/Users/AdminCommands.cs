using System.Data.Common;
using Dataans.Server.Backup;
using Dataans.Server.Configuration;
using Dataans.Server.Endpoints;
using Dataans.Server.Storage;
using Microsoft.Extensions.Options;

namespace Dataans.Server.Users;

/// <summary>
/// Operator commands (<see cref="Usage"/>). They read the same configuration as the server (so
/// <c>--data-dir</c>, <c>--postgres</c>, … apply, before or after the command words) and say on stderr
/// which store they used. Exit codes: 0 done, 1 refused (exists / not found) or failed, 2 usage or
/// configuration error.
/// </summary>
internal static partial class AdminCommands
{
    public const string Usage = """
        usage:
          dataans-server [--urls URL] [--data-dir DIR] [--auth token|cloudflare|oidc] [options]   run the server
          dataans-server user add NAME [--label L]        create a token user; prints its first token once (last line)
          dataans-server user list                        list every user: token users and those signed in by Cloudflare/OIDC
          dataans-server user remove NAME                 revoke every token of NAME (their data is kept)
          dataans-server user token add NAME [--label L]  another token for NAME (one per device); printed once
          dataans-server user token list NAME             NAME's tokens: id, label, created, last used
          dataans-server user token revoke ID             revoke one token (the other devices keep theirs)
          dataans-server epoch rotate USER                give USER's store a new epoch (devices re-verify their data)
          dataans-server store reset USER --yes           delete USER's operations, verifier and files; new epoch
          dataans-server backup DIR                       back up the database and files into the new folder DIR (server may run)
          dataans-server restore DIR --yes                restore DIR into the configured stores and rotate every epoch
          dataans-server --version | --help
        Storage options (--data-dir, --operations-store, --postgres, --files-store, --s3-…) go anywhere on the line.
        See docs/operations.md for every option.
        """;

    private static readonly AdminCommand[] Commands =
    [
        new(["user", "add"], ["NAME"], ["--label"], [], UserCommands.AddAsync),
        new(["user", "list"], [], [], [], UserCommands.ListAsync),
        new(["user", "remove"], ["NAME"], [], [], UserCommands.RemoveAsync),
        new(["user", "token", "add"], ["NAME"], ["--label"], [], TokenCommands.AddAsync),
        new(["user", "token", "list"], ["NAME"], [], [], TokenCommands.ListAsync),
        new(["user", "token", "revoke"], ["ID"], [], [], TokenCommands.RevokeAsync),
        new(["epoch", "rotate"], ["USER"], [], [], UserCommands.RotateEpochAsync),
        new(["store", "reset"], ["USER"], [], ["--yes"], UserCommands.ResetAsync),
        new(["backup"], ["DIR"], [], [], BackupCommands.BackupAsync),
        new(["restore"], ["DIR"], [], ["--yes"], BackupCommands.RestoreAsync),
    ];

    /// <summary>The words that may follow <paramref name="words"/> when they are a command group (user, user token, epoch, store).</summary>
    private static List<string> Continuations(IReadOnlyList<string> words) =>
        Commands.Where(command => command.Words.Length > words.Count && command.Words.Take(words.Count).SequenceEqual(words, StringComparer.Ordinal))
            .Select(command => command.Words[words.Count])
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>Parses and runs one command line (tests call this; Program parses first).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        try
        {
            return await RunAsync(ServerCommandLine.Parse(args), stdout, stderr, cancellationToken);
        }
        catch (UsageException e)
        {
            await stderr.WriteLineAsync("dataans-server: " + e.Message);
            return 2;
        }
    }

    public static async Task<int> RunAsync(ServerCommandLine commandLine, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var words = commandLine.Words;
        if (commandLine.Flags.Contains("--help") || words is ["help"])
        {
            await stdout.WriteLineAsync(Usage);
            return 0;
        }

        if (commandLine.Flags.Contains("--version"))
        {
            await stdout.WriteLineAsync("dataans-server " + V2AccountEndpoints.Version);
            return 0;
        }

        if (Find(commandLine) is not { } command)
        {
            return await UsageErrorAsync(stderr, words.Count == 0
                ? $"{commandLine.Options.Keys.Concat(commandLine.Flags).First()} only applies to an admin command; see dataans-server --help."
                : Continuations(words) is { Count: > 0 } next
                    ? $"'{StartupErrors.Quote(string.Join(' ', words))}' needs one of: {string.Join(", ", next)}; see dataans-server --help."
                    : $"'{StartupErrors.Quote(string.Join(' ', words))}' is not a command; see dataans-server --help.");
        }

        var arguments = words.Skip(command.Words.Length).ToList();
        if (arguments.Count != command.Arguments.Length)
        {
            return await UsageErrorAsync(stderr, arguments.Count < command.Arguments.Length
                ? $"{string.Join(' ', command.Words)} needs {string.Join(' ', command.Arguments)}; see dataans-server --help."
                : $"unexpected '{StartupErrors.Quote(arguments[command.Arguments.Length])}' after {string.Join(' ', command.Words.Concat(command.Arguments))}.");
        }

        if (commandLine.Options.Keys.Concat(commandLine.Flags).FirstOrDefault(o => !command.Options.Contains(o) && !command.Flags.Contains(o)) is { } stray)
        {
            return await UsageErrorAsync(stderr, $"{stray} does not apply to '{string.Join(' ', command.Words)}'.");
        }

        return await RunAsync(command, commandLine, arguments, stdout, stderr, cancellationToken);
    }

    private static async Task<int> RunAsync(AdminCommand command, ServerCommandLine commandLine, List<string> arguments, TextWriter stdout,
        TextWriter stderr, CancellationToken cancellationToken)
    {
        ServiceProvider services;
        StorageOptions storage;
        try
        {
            services = BuildServices(commandLine.Configuration);
            storage = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        }
        catch (Exception e) when (StartupErrors.Describe(e) is { } message)
        {
            return await UsageErrorAsync(stderr, message);
        }

        await using (services)
        {
            try
            {
                await StorageInitializer.InitializeAsync(services.GetRequiredService<IOperationStore>(), services.GetRequiredService<IFileStore>(),
                    storage, cancellationToken);
            }
            catch (StorageUnusableException e)
            {
                return await UsageErrorAsync(stderr, e.Message);
            }

            await stderr.WriteLineAsync($"dataans-server: using {StorageInitializer.Describe(storage)}.");
            var context = new AdminContext(services, commandLine, arguments, stdout, stderr);
            try
            {
                return await command.Run(context, cancellationToken);
            }
            catch (Exception e) when (e is DbException or IOException or Amazon.Runtime.AmazonServiceException or HttpRequestException)
            {
                await stderr.WriteLineAsync($"dataans-server: the store failed: {e.Message.Split('\n')[0].Trim()}");
                return 1;
            }
        }
    }

    private static AdminCommand? Find(ServerCommandLine commandLine) =>
        Commands.Where(c => commandLine.Words.Take(c.Words.Length).SequenceEqual(c.Words, StringComparer.Ordinal))
            .MaxBy(c => c.Words.Length);

    internal static async Task<int> UsageErrorAsync(TextWriter stderr, string message)
    {
        await stderr.WriteLineAsync("dataans-server: " + message);
        return 2;
    }

    private static ServiceProvider BuildServices(IReadOnlyList<string> configurationArgs)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables();
        SyncServerHost.AddSources(configuration, [.. configurationArgs]);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration.Build());
        services.AddLogging();
        services.AddSyncStorage();
        return services.BuildServiceProvider();
    }
}

/// <summary>One admin command: its words, positional arguments, the options and flags it accepts, and what it does.</summary>
internal sealed record AdminCommand(string[] Words, string[] Arguments, string[] Options, string[] Flags,
    Func<AdminContext, CancellationToken, Task<int>> Run);

/// <summary>What a running admin command works with.</summary>
internal sealed record AdminContext(IServiceProvider Services, ServerCommandLine CommandLine, IReadOnlyList<string> Arguments,
    TextWriter Stdout, TextWriter Stderr)
{
    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public async Task<int> RefuseAsync(string message)
    {
        await Stderr.WriteLineAsync("dataans-server: " + message);
        return 1;
    }
}
