using System.CommandLine;
using Dataans.Core.Profile;
using Dataans.Core.Sync;

namespace Dataans.App.Cli;

/// <summary><c>dataans sync login | now | verify | status | mode | logout</c>.</summary>
internal static class SyncCommands
{
    public static Command Create(CliContext context)
    {
        var command = new Command("sync", "Sync this device with a dataans-server (end-to-end encrypted)")
        {
            Login(context),
            Now(context, "now", "Sync now: pull, apply, push; files too", verify: false),
            Now(context, "verify", "Sync and compare the whole log with the server's block hashes, repairing both ways", verify: true),
            Status(context),
            Mode(context),
            Logout(context),
        };
        return command;
    }

    private static Command Login(CliContext context)
    {
        var server = ServerAddressOption.Create("The sync server's address, e.g. https://notes.example.com/ (a path prefix is kept)");
        var token = new Option<string>("--token") { Description = "The access token (token servers) or a pasted Cloudflare Access JWT; without it a Cloudflare server is signed in to through the browser", HelpName = "TOKEN" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input instead of prompting" };
        var passphrase = new Option<string>("--passphrase") { Description = "The passphrase shown on your first device (leave out on the first device to get one)", HelpName = "PHRASE" };
        var command = new Command("login", "Sign this device in; the password and passphrase never leave it") { server, token, passwordStdin, passphrase };
        command.SetAction((parseResult, cancellationToken) => context.RunAsync(
            parseResult,
            async (session, ct) =>
            {
                var url = parseResult.GetRequiredValue(server);
                var account = SyncAccount.Create(session.Store);
                var accessToken = parseResult.GetValue(token);
                if (string.IsNullOrWhiteSpace(accessToken))
                {
                    var mode = await account.DiscoverAuthModeAsync(url, ct);
                    if (mode != AuthMode.Cloudflare)
                    {
                        throw new CliException("This server needs an access token: ask its operator ('dataans-server user add NAME') and pass it with --token.");
                    }

                    accessToken = await LoopbackSignIn.ReceiveTokenAsync(
                        url,
                        signInPage =>
                        {
                            session.Output.Remark($"Sign in to the sync server in your browser: {signInPage}");
                            OpenBrowser(signInPage);
                            return Task.CompletedTask;
                        },
                        TimeSpan.FromMinutes(5),
                        ct);
                }

                var password = ReadPassword(session.Environment, parseResult.GetValue(passwordStdin));
                var progress = new Progress<string>(session.Output.Remark);
                var (profile, generated) = await account.SignInAsync(url, accessToken, password, parseResult.GetValue(passphrase), progress, ct);
                if (session.Output.IsJson)
                {
                    session.Output.Json(new SyncLoginJson(profile.ServerUrl.AbsoluteUri, profile.AuthMode.ToString().ToLowerInvariant(), generated ? profile.Passphrase : null));
                    return;
                }

                session.Output.Line($"Signed in to {profile.ServerUrl}.");
                if (generated)
                {
                    session.Output.Line($"Your passphrase: {profile.Passphrase}");
                    session.Output.Line("Write it down and keep it safe: every other device needs it with your password, and nobody can recover it for you.");
                }
            },
            cancellationToken));
        return command;
    }

    private static Command Now(CliContext context, string name, string description, bool verify)
    {
        var protocol = new Option<string>("--protocol") { Description = "v2 (default, fast) or v1 (the seed's block-hash protocol)", HelpName = "v1|v2", DefaultValueFactory = _ => "v2" };
        protocol.AcceptOnlyFromAmong("v1", "v2");
        var command = new Command(name, description) { protocol };
        command.SetAction((parseResult, cancellationToken) => context.RunAsync(
            parseResult,
            async (session, ct) =>
            {
                using var engine = SyncEngine.Create(session.Store);
                var progress = session.Environment.IsErrorTerminal ? new SyncProgressBar(session.Environment.Error) : null;
                if (progress is not null)
                {
                    engine.ProgressChanged += progress.Report;
                }

                var options = new SyncOptions(parseResult.GetValue(protocol) == "v1" ? SyncProtocol.V1 : SyncProtocol.V2, verify);
                var result = await engine.SyncAsync(options, ct);
                progress?.Finish();
                if (session.Output.IsJson)
                {
                    session.Output.Json(result);
                }
                else if (result.Success)
                {
                    session.Output.Line(result.Message);
                }

                if (!result.Success)
                {
                    throw new CliException(result.Message);
                }
            },
            cancellationToken));
        return command;
    }

    private static Command Status(CliContext context)
    {
        var command = new Command("status", "Show the server, mode, last result and what waits to be synced");
        command.SetAction((parseResult, cancellationToken) => context.RunAsync(
            parseResult,
            async (session, ct) =>
            {
                var profile = await SyncAccount.Create(session.Store).LoadProfileAsync(ct);
                using var engine = SyncEngine.Create(session.Store);
                var last = await engine.GetLastResultAsync(ct);
                var (total, pending) = await session.Store.SyncLedger.CountOperationsAsync(ct);
                var files = await session.Store.FileSyncLedger.CountFilesByStatusAsync(ct);
                var setAside = await engine.CountSetAsideAsync(ct);
                var status = new SyncStatusJson(
                    profile is not null,
                    profile?.ServerUrl.AbsoluteUri,
                    profile?.SyncMode.ToString().ToLowerInvariant(),
                    last,
                    total,
                    pending,
                    files.ToDictionary(pair => pair.Key.ToString(), pair => pair.Value),
                    setAside);
                if (session.Output.IsJson)
                {
                    session.Output.Json(status);
                    return;
                }

                session.Output.Line(profile is null ? "Not signed in." : $"Signed in to {profile.ServerUrl} ({status.Mode} sync).");
                session.Output.Line(last is null ? "Never synced." : $"Last sync {session.Output.LocalTime(Contracts.Timestamp.FromDateTimeOffset(last.FinishedAt))}: {(last.Success ? "ok" : "failed")}: {last.Message}");
                session.Output.Line($"Operations: {total} in the log, {pending} waiting to be pushed.");
                session.Output.Line("Files: " + (files.Count == 0 ? "none" : string.Join(", ", files.Select(pair => $"{pair.Value} {Describe(pair.Key)}"))) + ".");
                if (setAside > 0)
                {
                    session.Output.Line($"{SyncResult.SetAsideSentence(setAside)} (wrong key, altered data or a faulty writer); nothing in them was applied.");
                }
            },
            cancellationToken));
        return command;
    }

    private static Command Mode(CliContext context)
    {
        var mode = new Argument<string>("MODE") { Description = "manual or auto" };
        mode.AcceptOnlyFromAmong("manual", "auto");
        var command = new Command("mode", "Choose manual sync or automatic sync while the app runs") { mode };
        command.SetAction((parseResult, cancellationToken) => context.RunAsync(
            parseResult,
            async (session, ct) =>
            {
                var value = parseResult.GetRequiredValue(mode) == "auto" ? SyncMode.Auto : SyncMode.Manual;
                await SyncAccount.Create(session.Store).SetModeAsync(value, ct);
                session.Output.Remark($"Sync mode is now {value.ToString().ToLowerInvariant()}.");
            },
            cancellationToken));
        return command;
    }

    private static Command Logout(CliContext context)
    {
        var command = new Command("logout", "Sign this device out (removes the key and token; notes stay)");
        command.SetAction((parseResult, cancellationToken) => context.RunAsync(
            parseResult,
            async (session, ct) =>
            {
                var removed = await SyncAccount.Create(session.Store).SignOutAsync(ct);
                session.Output.Remark(removed ? "Signed out." : "This device was not signed in.");
            },
            cancellationToken));
        return command;
    }

    private static string ReadPassword(CliEnvironment environment, bool fromStdin)
    {
        if (fromStdin || environment.IsInputRedirected)
        {
            var line = environment.In.ReadLine();
            return string.IsNullOrEmpty(line) ? throw new CliException("No password was given on standard input.") : line;
        }

        environment.Error.Write("Password: ");
        var password = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                environment.Error.WriteLine();
                return password.Length == 0 ? throw new CliException("A password is needed.") : password.ToString();
            }

            if (key.Key == ConsoleKey.Backspace && password.Length > 0)
            {
                password.Length--;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }
    }

    private static void OpenBrowser(Uri page)
    {
        try
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("xdg-open", [page.AbsoluteUri])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No desktop opener: the address printed above can be opened by hand.
        }
    }

    private static string Describe(Dataans.Core.Model.FileStatus status) => status switch
    {
        Dataans.Core.Model.FileStatus.ExistAndUploaded => "synced",
        Dataans.Core.Model.FileStatus.ExistAndNotUploaded => "waiting to upload",
        Dataans.Core.Model.FileStatus.NotExistAndUploaded => "waiting to download",
        _ => "missing everywhere",
    };
}

internal sealed record SyncLoginJson(string Server, string Auth, string? GeneratedPassphrase);

internal sealed record SyncStatusJson(
    bool SignedIn,
    string? Server,
    string? Mode,
    SyncResult? LastResult,
    long Operations,
    long PendingOperations,
    Dictionary<string, int> Files,
    int SetAside);

/// <summary>A one-line progress bar on standard error.</summary>
internal sealed class SyncProgressBar(TextWriter error)
{
    private readonly Lock _lock = new();

    public void Report(SyncProgress progress)
    {
        lock (_lock)
        {
            var detail = progress.Total > 0 ? $" {progress.Done}/{progress.Total}" : string.Empty;
            error.Write($"\r{progress.Stage}{detail}".PadRight(40));
        }
    }

    public void Finish()
    {
        lock (_lock)
        {
            error.Write("\r" + new string(' ', 40) + "\r");
        }
    }
}
