using System.Globalization;
using System.Text.RegularExpressions;
using Dataans.Server.Auth;
using Dataans.Server.Configuration;
using Dataans.Server.Storage;
using Microsoft.Extensions.Options;

namespace Dataans.Server.Users;

/// <summary>
/// Operator commands: <c>user add|list|remove</c>, <c>epoch rotate USER</c>, <c>store reset USER --yes</c>.
/// They read the same configuration as the server (so <c>--data-dir</c>, <c>--postgres</c>, … apply).
/// Exit codes: 0 done, 1 refused (exists / not found), 2 usage or configuration error.
/// </summary>
internal static partial class AdminCommands
{
    private const string Usage = """
        usage:
          dataans-server [--urls URL] [--data-dir DIR] [--auth token|cloudflare|oidc] [options]   run the server
          dataans-server user add NAME [options]       create a token user; prints the token once (last line)
          dataans-server user list [options]           list token users
          dataans-server user remove NAME [options]    revoke a token user's token (their data is kept)
          dataans-server epoch rotate USER [options]   give USER's store a new epoch (run after restoring a backup)
          dataans-server store reset USER --yes        delete USER's operations, verifier and files; new epoch
        see docs/operations.md for every option
        """;

    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "--yes" };

    public static bool IsAdminCommand(string[] args) =>
        args.Length > 0 && args[0] is "user" or "epoch" or "store" or "help" or "--help" or "-h";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var (positional, options, flags) = Split(args);
        if (positional is ["help"] || options.Count == 0 && positional.Count == 0 || args[0] is "--help" or "-h")
        {
            await stdout.WriteLineAsync(Usage);
            return 0;
        }

        ServiceProvider services;
        try
        {
            services = BuildServices(options);
            _ = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        }
        catch (OptionsValidationException e)
        {
            await stderr.WriteLineAsync("dataans-server: " + string.Join(" ", e.Failures));
            return 2;
        }

        await using (services)
        {
            await services.GetRequiredService<IOperationStore>().InitializeAsync(cancellationToken);
            return positional switch
            {
                ["user", "add", var name] => await AddUserAsync(services, name, stdout, stderr, cancellationToken),
                ["user", "list"] => await ListUsersAsync(services, stdout, cancellationToken),
                ["user", "remove", var name] => await RemoveUserAsync(services, name, stdout, stderr, cancellationToken),
                ["epoch", "rotate", var user] => await RotateEpochAsync(services, user, stdout, cancellationToken),
                ["store", "reset", var user] when flags.Contains("--yes") => await ResetAsync(services, user, stdout, cancellationToken),
                ["store", "reset", _] => await FailAsync(stderr, "store reset deletes the user's data; add --yes to confirm."),
                _ => await FailAsync(stderr, Usage),
            };
        }
    }

    private static async Task<int> AddUserAsync(IServiceProvider services, string name, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (!UserNamePattern().IsMatch(name))
        {
            return await FailAsync(stderr, "A user name has 1 to 64 characters of [A-Za-z0-9._@-].");
        }

        var token = TokenAuthenticationHandler.NewToken();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeSeconds();
        if (!await services.GetRequiredService<ITokenStore>().AddAsync(name, TokenAuthenticationHandler.HashToken(token), now, cancellationToken))
        {
            await stderr.WriteLineAsync($"dataans-server: user '{name}' already exists.");
            return 1;
        }

        await stdout.WriteLineAsync($"Created user '{name}'. The token is shown only now; the app sends it as 'Authorization: Bearer TOKEN':");
        await stdout.WriteLineAsync(token);
        return 0;
    }

    private static async Task<int> ListUsersAsync(IServiceProvider services, TextWriter stdout, CancellationToken cancellationToken)
    {
        foreach (var user in await services.GetRequiredService<ITokenStore>().ListAsync(cancellationToken))
        {
            var created = DateTimeOffset.FromUnixTimeSeconds(user.CreatedAtUnixSeconds).ToString("u", CultureInfo.InvariantCulture);
            await stdout.WriteLineAsync($"{user.Name}\t{created}");
        }

        return 0;
    }

    private static async Task<int> RemoveUserAsync(IServiceProvider services, string name, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (!await services.GetRequiredService<ITokenStore>().RemoveAsync(name, cancellationToken))
        {
            await stderr.WriteLineAsync($"dataans-server: no user '{name}'.");
            return 1;
        }

        await stdout.WriteLineAsync($"Removed user '{name}'; the token no longer works. Their data is kept (store reset deletes it).");
        return 0;
    }

    private static async Task<int> RotateEpochAsync(IServiceProvider services, string user, TextWriter stdout, CancellationToken cancellationToken)
    {
        var epoch = await services.GetRequiredService<IOperationStore>().RotateEpochAsync(user, cancellationToken);
        await stdout.WriteLineAsync($"New epoch for '{user}'; clients will re-verify their data with the server:");
        await stdout.WriteLineAsync(epoch);
        return 0;
    }

    private static async Task<int> ResetAsync(IServiceProvider services, string user, TextWriter stdout, CancellationToken cancellationToken)
    {
        var epoch = await services.GetRequiredService<IOperationStore>().ResetAsync(user, cancellationToken);
        await services.GetRequiredService<IFileStore>().DeleteUserAsync(user, cancellationToken);
        await stdout.WriteLineAsync($"Deleted the operations, verifier and files of '{user}'. New epoch:");
        await stdout.WriteLineAsync(epoch);
        return 0;
    }

    private static async Task<int> FailAsync(TextWriter stderr, string message)
    {
        await stderr.WriteLineAsync(message);
        return 2;
    }

    private static ServiceProvider BuildServices(List<string> options)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables();
        SyncServerHost.AddSources(configuration, [.. options]);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration.Build());
        services.AddLogging();
        services.AddSyncStorage();
        return services.BuildServiceProvider();
    }

    private static (List<string> Positional, List<string> Options, HashSet<string> Flags) Split(string[] args)
    {
        var positional = new List<string>();
        var options = new List<string>();
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (Flags.Contains(arg))
            {
                flags.Add(arg);
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal) && arg is not "--help")
            {
                options.Add(arg);
                if (!arg.Contains('=', StringComparison.Ordinal) && i + 1 < args.Length)
                {
                    options.Add(args[++i]);
                }
            }
            else
            {
                positional.Add(arg);
            }
        }

        return (positional, options, flags);
    }

    [GeneratedRegex("^[A-Za-z0-9._@-]{1,64}$")]
    private static partial Regex UserNamePattern();
}
