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
            SyncLoginCommand.Create(context),
            Now(context, "now", "Sync now: pull, apply, push; files too", verify: false),
            Now(context, "verify", "Sync and compare the whole log with the server's block hashes, repairing both ways", verify: true),
            Status(context),
            Mode(context),
            Logout(context),
        };
        return command;
    }

    private static Command Now(CliContext context, string name, string description, bool verify)
    {
        var protocol = new Option<string>("--protocol") { Description = "v2 (default, fast) or v1 (the seed's block-hash protocol)", HelpName = "v1|v2", DefaultValueFactory = _ => "v2" };
        protocol.AcceptOnlyFromAmong("v1", "v2");
        var command = new Command(name, description) { protocol };
        return context.RunsInSession(command, async (parseResult, session, ct) =>
        {
            var engine = session.Engine;
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

            if (result.SignInRequired)
            {
                var profile = await session.Account.LoadProfileAsync(ct);
                throw new CliException($"{result.Message.TrimEnd('.')}: run 'dataans sync login --server {profile?.ServerUrl}' (no password or passphrase needed).");
            }

            if (!result.Success)
            {
                throw new CliException(result.Message);
            }
        });
    }

    private static Command Status(CliContext context)
    {
        var command = new Command("status", "Show the server, mode, last result and what waits to be synced");
        return context.RunsInSession(command, async (parseResult, session, ct) =>
        {
            var profile = await session.Account.LoadProfileAsync(ct);
            var engine = session.Engine;
            var last = await engine.GetLastResultAsync(ct);
            var (total, pending) = await session.Store.SyncLedger.CountOperationsAsync(ct);
            var files = await session.Store.FileSyncLedger.CountFilesByStatusAsync(ct);
            var setAside = await engine.CountSetAsideAsync(ct);
            var status = new SyncStatusJson(
                profile is not null,
                profile?.ServerUrl.AbsoluteUri,
                profile?.SyncMode.ToString().ToLowerInvariant(),
                profile?.SignInRequired ?? false,
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
            if (profile is { SignInRequired: true })
            {
                session.Output.Line($"The sign-in expired: run 'dataans sync login --server {profile.ServerUrl}' (the key is kept; sync is paused until then).");
            }

            session.Output.Line(last is null ? "Never synced." : $"Last sync {session.Output.LocalTime(Contracts.Timestamp.FromDateTimeOffset(last.FinishedAt))}: {(last.Success ? "ok" : "failed")}: {last.Message}");
            session.Output.Line($"Operations: {total} in the log, {pending} waiting to be pushed.");
            session.Output.Line("Files: " + (files.Count == 0 ? "none" : string.Join(", ", files.Select(pair => $"{pair.Value} {Describe(pair.Key)}"))) + ".");
            if (setAside > 0)
            {
                session.Output.Line($"{SyncResult.SetAsideSentence(setAside)} (wrong key, altered data or a faulty writer); nothing in them was applied.");
            }
        });
    }

    private static Command Mode(CliContext context)
    {
        var mode = new Argument<string>("MODE") { Description = "manual or auto" };
        mode.AcceptOnlyFromAmong("manual", "auto");
        var command = new Command("mode", "Choose manual sync or automatic sync while the app runs") { mode };
        return context.RunsInSession(command, async (parseResult, session, ct) =>
        {
            var value = parseResult.GetRequiredValue(mode) == "auto" ? SyncMode.Auto : SyncMode.Manual;
            await session.Account.SetModeAsync(value, ct);
            session.Output.Remark($"Sync mode is now {value.ToString().ToLowerInvariant()}.");
        });
    }

    private static Command Logout(CliContext context)
    {
        var command = new Command("logout", "Sign this device out (removes the key and token; notes stay)");
        return context.RunsInSession(command, async (parseResult, session, ct) =>
        {
            var result = await session.Account.SignOutAndRevokeAsync(ct);
            session.Output.Remark(result switch
            {
                { WasSignedIn: false } => "This device was not signed in.",
                { Revocation: TokenRevocation.Revoked } => "Signed out; the server revoked this device's token.",
                { Revocation: TokenRevocation.Failed } =>
                    "Signed out here, but the server could not revoke this device's token: ask its operator to (dataans-server user token revoke).",
                _ => "Signed out.",
            });
        });
    }

    private static string Describe(Dataans.Core.Model.FileStatus status) => status switch
    {
        Dataans.Core.Model.FileStatus.ExistAndUploaded => "synced",
        Dataans.Core.Model.FileStatus.ExistAndNotUploaded => "waiting to upload",
        Dataans.Core.Model.FileStatus.NotExistAndUploaded => "waiting to download",
        _ => "missing everywhere",
    };
}

internal sealed record SyncStatusJson(
    bool SignedIn,
    string? Server,
    string? Mode,
    bool SignInRequired,
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
