using System.CommandLine;
using Dataans.Core.Profile;
using Dataans.Core.Sync;

namespace Dataans.App.Cli;

/// <summary>
/// <c>dataans sync login</c>. The credential comes from <c>--token</c>, <c>--token-stdin</c> or
/// <c>DATAANS_TOKEN</c>, else from the browser (Cloudflare hand-off, or OpenID Connect with PKCE).
/// Standard input is read line by line in a fixed order, each line only when asked for: the token
/// (<c>--token-stdin</c>), then the password, then the passphrase (<c>--passphrase-stdin</c>). Signing in
/// again on a signed-in device keeps the key when the account's verifier still matches it, and then
/// reads no password or passphrase at all.
/// </summary>
internal static class SyncLoginCommand
{
    public const string TokenVariable = "DATAANS_TOKEN";

    public static Command Create(CliContext context)
    {
        var server = ServerAddressOption.Create("The sync server's address, e.g. https://notes.example.com/ (a path prefix is kept)");
        var token = new Option<string>("--token") { Description = $"The access token (token servers) or a pasted Cloudflare Access JWT (better: --token-stdin or ${TokenVariable}); without one, Cloudflare and OpenID servers sign in through the browser", HelpName = "TOKEN" };
        var tokenStdin = new Option<bool>("--token-stdin") { Description = "Read the token from the first line of standard input" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input (the line after the token, if any) instead of prompting" };
        var passphrase = new Option<string>("--passphrase") { Description = "The passphrase shown on your first device (leave out on the first device to get one; better: --passphrase-stdin)", HelpName = "PHRASE" };
        var passphraseStdin = new Option<bool>("--passphrase-stdin") { Description = "Read the passphrase from the line after the password (an empty line on the first device gets one generated)" };
        var oidc = OidcOptions.Create();
        var noBrowser = new Option<bool>("--no-browser") { Description = "Only print the browser sign-in address; do not open a browser" };
        var command = new Command("login", "Sign this device in; the password and passphrase never leave it")
        {
            server, token, tokenStdin, passwordStdin, passphrase, passphraseStdin, noBrowser,
        };
        oidc.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.GetResult(token) is not null && result.GetValue(tokenStdin))
            {
                result.AddError("--token and --token-stdin cannot be used together.");
            }

            if (result.GetResult(passphrase) is not null && result.GetValue(passphraseStdin))
            {
                result.AddError("--passphrase and --passphrase-stdin cannot be used together.");
            }
        });
        return context.RunsInSession(command, async (parseResult, session, ct) =>
        {
            var url = parseResult.GetRequiredValue(server);
            var account = session.Account;
            var input = new SecretInput(session.Environment);
            var accessToken = parseResult.GetValue(tokenStdin)
                ? input.Read("Token", "No token was given on standard input.")
                : parseResult.GetValue(token) is { Length: > 0 } given ? given : session.Environment.GetVariable(TokenVariable);
            var credential = string.IsNullOrWhiteSpace(accessToken)
                ? await BrowserCredentialAsync(session, account, url, oidc.Read(parseResult), parseResult.GetValue(noBrowser), ct)
                : new SignInCredential(accessToken.Trim());
            var progress = new Progress<string>(session.Output.Remark);
            var outcome = await account.SignInAsync(
                url,
                credential,
                _ =>
                {
                    var password = input.Read("Password", "No password was given on standard input.", parseResult.GetValue(passwordStdin));
                    var phrase = parseResult.GetValue(passphraseStdin) ? input.ReadOptional("Passphrase") : parseResult.GetValue(passphrase);
                    return Task.FromResult(new KeySecrets(password, phrase));
                },
                progress,
                cancellationToken: ct);
            Report(session.Output, outcome);
        });
    }

    private static async Task<SignInCredential> BrowserCredentialAsync(CliSession session, SyncAccount account, Uri url, OidcSettings? oidc, bool noBrowser, CancellationToken ct)
    {
        var mode = await account.DiscoverAuthModeAsync(url, ct);
        Task Show(Uri page)
        {
            session.Output.Remark($"Sign in to the sync server in your browser: {page}");
            if (!noBrowser)
            {
                SystemBrowser.Open(page);
            }

            return Task.CompletedTask;
        }

        switch (mode)
        {
            case AuthMode.Cloudflare:
                return new SignInCredential(await LoopbackSignIn.ReceiveTokenAsync(url, Show, TimeSpan.FromMinutes(5), ct));
            case AuthMode.Oidc:
                var settings = oidc ?? await PreviousOidcAsync(account, ct)
                    ?? throw new CliException("This server signs in with OpenID Connect: give the issuer and the app's client id from its operator with --oidc-issuer URL --oidc-client-id ID.", ExitCodes.Usage);
                return await OidcSignIn.SignInAsync(settings, Show, TimeSpan.FromMinutes(5), ct);
            default:
                throw new CliException($"This server needs an access token: ask its operator ('dataans-server user add NAME') and pass it with --token-stdin or ${TokenVariable}.");
        }
    }

    /// <summary>Signing in again: the issuer and client of the current sign-in.</summary>
    private static async Task<OidcSettings?> PreviousOidcAsync(SyncAccount account, CancellationToken ct)
    {
        try
        {
            return await account.LoadProfileAsync(ct) is { Oidc: { } session }
                ? new OidcSettings(session.Issuer, session.ClientId, session.Scope, session.Resource)
                : null;
        }
        catch (ProfileCorruptException)
        {
            return null;
        }
    }

    private static void Report(CliOutput output, SignInOutcome outcome)
    {
        var profile = outcome.Profile;
        if (output.IsJson)
        {
            output.Json(new SyncLoginJson(profile.ServerUrl.AbsoluteUri, profile.AuthMode.ToString().ToLowerInvariant(), outcome.GeneratedPassphrase ? profile.Passphrase : null, outcome.KeptKey));
            return;
        }

        output.Line(outcome.KeptKey
            ? $"Signed in to {profile.ServerUrl} again; the encryption key on this device was kept."
            : $"Signed in to {profile.ServerUrl}.");
        if (outcome.GeneratedPassphrase)
        {
            output.Line($"Your passphrase: {profile.Passphrase}");
            output.Line("Write it down and keep it safe: every other device needs it with your password, and nobody can recover it for you.");
        }
    }
}

internal sealed record SyncLoginJson(string Server, string Auth, string? GeneratedPassphrase, bool KeptKey);
