using System.Globalization;
using System.Text.RegularExpressions;
using Dataans.Server.Configuration;
using Dataans.Server.Storage;

namespace Dataans.Server.Users;

/// <summary><c>user add|list|remove</c>, <c>epoch rotate</c> and <c>store reset</c>.</summary>
internal static partial class UserCommands
{
    public static async Task<int> AddAsync(AdminContext context, CancellationToken cancellationToken)
    {
        var name = context.Arguments[0];
        if (!UserNamePattern().IsMatch(name))
        {
            return await AdminCommands.UsageErrorAsync(context.Stderr, "A user name has 1 to 64 characters of [A-Za-z0-9._@-].");
        }

        if (TokenCommands.ReadLabel(context) is { Error: { } error })
        {
            return await AdminCommands.UsageErrorAsync(context.Stderr, error);
        }

        var (token, newToken) = TokenCommands.Create(context);
        if (await context.Get<ITokenStore>().AddUserAsync(name, newToken, cancellationToken) is not { } id)
        {
            return await context.RefuseAsync($"user '{name}' already exists (user token add gives it another token).");
        }

        await context.Stdout.WriteLineAsync(
            $"Created user '{name}' with token {id}{TokenCommands.Describe(newToken.Label)}. The token is shown only now; the app sends it as 'Authorization: Bearer TOKEN':");
        await context.Stdout.WriteLineAsync(token);
        return 0;
    }

    /// <summary>Every user the server knows: token users (even before their first sync) and users signed in by JWT.</summary>
    public static async Task<int> ListAsync(AdminContext context, CancellationToken cancellationToken)
    {
        var stored = (await context.Get<IOperationStore>().ListUsersAsync(cancellationToken)).ToDictionary(u => u.Name, StringComparer.Ordinal);
        var tokenUsers = (await context.Get<ITokenStore>().ListUsersAsync(cancellationToken)).ToDictionary(u => u.Name, StringComparer.Ordinal);
        foreach (var name in stored.Keys.Union(tokenUsers.Keys).Order(StringComparer.Ordinal))
        {
            var created = Math.Min(stored.TryGetValue(name, out var s) ? s.CreatedAtUnixSeconds : long.MaxValue,
                tokenUsers.TryGetValue(name, out var t) ? t.CreatedAtUnixSeconds : long.MaxValue);
            var kind = t is null ? "signed in (cloudflare/oidc)" : t.Tokens == 1 ? "1 token" : $"{t.Tokens} tokens";
            await context.Stdout.WriteLineAsync(string.Join('\t', name, Time(created), kind, $"{s?.Head ?? 0} operations"));
        }

        if (stored.Count == 0 && tokenUsers.Count == 0)
        {
            // On standard error, so that a script reading the list sees an empty one.
            await context.Stderr.WriteLineAsync("No users yet: 'dataans-server user add NAME' creates one and prints its token.");
        }

        return 0;
    }

    public static async Task<int> RemoveAsync(AdminContext context, CancellationToken cancellationToken)
    {
        var name = context.Arguments[0];
        if (!await context.Get<ITokenStore>().RemoveUserAsync(name, cancellationToken))
        {
            return await context.RefuseAsync($"no token user '{StartupErrors.Quote(name)}'.");
        }

        await context.Stdout.WriteLineAsync($"Removed user '{name}'; none of their tokens works any more. Their data is kept (store reset deletes it).");
        return 0;
    }

    public static async Task<int> RotateEpochAsync(AdminContext context, CancellationToken cancellationToken)
    {
        var user = context.Arguments[0];
        if (!await ExistsAsync(context, user, cancellationToken))
        {
            return await context.RefuseAsync(NoSuchUser(user));
        }

        var epoch = await context.Get<IOperationStore>().RotateEpochAsync(user, cancellationToken);
        await context.Stdout.WriteLineAsync($"New epoch for '{user}'; clients will re-verify their data with the server:");
        await context.Stdout.WriteLineAsync(epoch);
        return 0;
    }

    public static async Task<int> ResetAsync(AdminContext context, CancellationToken cancellationToken)
    {
        var user = context.Arguments[0];
        if (!context.CommandLine.Flags.Contains("--yes"))
        {
            return await AdminCommands.UsageErrorAsync(context.Stderr, "store reset deletes the user's data; add --yes to confirm.");
        }

        if (!await ExistsAsync(context, user, cancellationToken))
        {
            return await context.RefuseAsync(NoSuchUser(user));
        }

        var epoch = await context.Get<IOperationStore>().ResetAsync(user, cancellationToken);
        var files = await context.Get<IFileStore>().DeleteUserAsync(user, cancellationToken);
        await context.Stdout.WriteLineAsync($"Deleted the operations, verifier and {files} files of '{user}'. New epoch:");
        await context.Stdout.WriteLineAsync(epoch);
        return 0;
    }

    /// <summary>A user is known once they have a token or a store; a mistyped name is neither.</summary>
    private static async Task<bool> ExistsAsync(AdminContext context, string user, CancellationToken cancellationToken) =>
        await context.Get<IOperationStore>().FindUserAsync(user, cancellationToken) is not null
        || await context.Get<ITokenStore>().ListTokensAsync(user, cancellationToken) is not null;

    private static string NoSuchUser(string user) => $"no user '{StartupErrors.Quote(user)}' (dataans-server user list shows every user); nothing was changed.";

    public static string Time(long unixSeconds) =>
        unixSeconds == long.MaxValue ? "-" : DateTimeOffset.FromUnixTimeSeconds(unixSeconds).ToString("u", CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Za-z0-9._@-]{1,64}$")]
    private static partial Regex UserNamePattern();
}
