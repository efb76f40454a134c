using System.Globalization;
using Dataans.Server.Auth;
using Dataans.Server.Configuration;
using Dataans.Server.Storage;

namespace Dataans.Server.Users;

/// <summary><c>user token add|list|revoke</c>: one token per device, so one device's token is replaced or revoked alone.</summary>
internal static class TokenCommands
{
    private const int MaxLabelLength = 64;

    public static async Task<int> AddAsync(AdminContext context, CancellationToken cancellationToken)
    {
        var name = context.Arguments[0];
        if (ReadLabel(context) is { Error: { } error })
        {
            return await AdminCommands.UsageErrorAsync(context.Stderr, error);
        }

        var (token, newToken) = Create(context);
        if (await context.Get<ITokenStore>().AddTokenAsync(name, newToken, cancellationToken) is not { } id)
        {
            return await context.RefuseAsync($"no token user '{StartupErrors.Quote(name)}' (user add creates one).");
        }

        await context.Stdout.WriteLineAsync($"Added token {id}{Describe(newToken.Label)} for '{name}'. It is shown only now:");
        await context.Stdout.WriteLineAsync(token);
        return 0;
    }

    public static async Task<int> ListAsync(AdminContext context, CancellationToken cancellationToken)
    {
        var name = context.Arguments[0];
        if (await context.Get<ITokenStore>().ListTokensAsync(name, cancellationToken) is not { } tokens)
        {
            return await context.RefuseAsync($"no token user '{StartupErrors.Quote(name)}'.");
        }

        await context.Stdout.WriteLineAsync("id\tlabel\tcreated\tlast used");
        foreach (var token in tokens)
        {
            var lastUsed = token.LastUsedAtUnixSeconds is { } used ? UserCommands.Time(used) : "never";
            await context.Stdout.WriteLineAsync(string.Join('\t', token.Id, token.Label ?? "-", UserCommands.Time(token.CreatedAtUnixSeconds), lastUsed));
        }

        return 0;
    }

    public static async Task<int> RevokeAsync(AdminContext context, CancellationToken cancellationToken)
    {
        if (!long.TryParse(context.Arguments[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return await AdminCommands.UsageErrorAsync(context.Stderr,
                $"user token revoke takes a token id as user token list shows it, not '{StartupErrors.Quote(context.Arguments[0])}'.");
        }

        if (await context.Get<ITokenStore>().RevokeAsync(id, cancellationToken) is not { } user)
        {
            return await context.RefuseAsync($"no token {id}; nothing was revoked.");
        }

        await context.Stdout.WriteLineAsync($"Revoked token {id} of '{user}'; it no longer works. Other devices keep their tokens.");
        return 0;
    }

    /// <summary>The <c>--label</c> of the command line (null when not given), or why it is not usable.</summary>
    public static (string? Label, string? Error) ReadLabel(AdminContext context)
    {
        if (!context.CommandLine.Options.TryGetValue("--label", out var label))
        {
            return (null, null);
        }

        return label.Trim().Length is 0 or > MaxLabelLength || label.Any(char.IsControl)
            ? (null, $"--label must have 1 to {MaxLabelLength} printable characters, e.g. --label laptop.")
            : (label.Trim(), null);
    }

    /// <summary>A new random token and what the store keeps of it.</summary>
    public static (string Token, NewToken Stored) Create(AdminContext context)
    {
        var token = TokenAuthenticationHandler.NewToken();
        var now = context.Get<TimeProvider>().GetUtcNow().ToUnixTimeSeconds();
        return (token, new NewToken(TokenAuthenticationHandler.HashToken(token), ReadLabel(context).Label, now));
    }

    public static string Describe(string? label) => label is null ? "" : $" ({label})";
}
