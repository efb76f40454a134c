using Dataans.Docs.Tests.Infrastructure;

namespace Dataans.Docs.Tests;

/// <summary>
/// README: signing in from a script (token, password and passphrase on standard input, or the token in
/// DATAANS_TOKEN; the passphrase written down in lower case with spaces) and signing in again with only
/// a token, which keeps the key — every command as the README shows it, through <c>dotnet run</c>.
/// </summary>
[Collection(DocsCollection.Name)]
public sealed class ReadmeSignInJourneyTests : IDisposable
{
    public static readonly string[] Commands =
    [
        "dotnet run --project src/Dataans.Server",
        "dotnet run --project src/Dataans.Server -- user add alice",
        "printf '%s\\n' \"$TOKEN\" \"$PASSWORD\" \"$PASSPHRASE\" | dotnet run --project src/Dataans.App -- sync login --server http://127.0.0.1:8080/ --token-stdin --password-stdin --passphrase-stdin",
        "printf '%s\\n' \"$PASSWORD\" \"$PASSPHRASE\" | DATAANS_TOKEN=\"$TOKEN\" dotnet run --project src/Dataans.App -- sync login --server http://127.0.0.1:8080/ --password-stdin --passphrase-stdin",
        "printf '%s\\n' \"$TOKEN\" | dotnet run --project src/Dataans.App -- sync login --server http://127.0.0.1:8080/ --token-stdin",
        "dotnet run --project src/Dataans.App -- sync now",
    ];

    private readonly string _root = Directory.CreateTempSubdirectory("dataans-docs-signin-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task ScriptedSignIn_AndSigningInAgain_WorkAsTheReadmeShows()
    {
        var ledger = new CommandLedger(Commands);
        var laptop = new Device(Path.Combine(_root, "laptop"));
        var desktop = new Device(Path.Combine(_root, "desktop"));
        var port = ServerPort.Choose();
        ServerPort.Apply(laptop.Shell, port);
        var address = ServerPort.Substitutions(port);

        await using var server = ledger.Start(laptop.Shell, "dotnet run --project src/Dataans.Server");
        using var http = new HttpClient();
        Assert.True((await Eventually.AnswersAsync(http, new Uri($"http://127.0.0.1:{port}/health"), TimeSpan.FromMinutes(4))).IsSuccessStatusCode);
        var token = (await ledger.RunAsync(laptop.Shell, "dotnet run --project src/Dataans.Server -- user add alice")).AssertSucceeded().LastLine;

        // First device: an empty passphrase line gets one generated.
        foreach (var shell in new[] { laptop.Shell, desktop.Shell })
        {
            shell.Set("TOKEN", token);
            shell.Set("PASSWORD", "correct horse battery");
            shell.Set("PASSPHRASE", string.Empty);
        }

        var first = (await ledger.RunAsync(laptop.Shell, "printf '%s\\n' \"$TOKEN\" \"$PASSWORD\" \"$PASSPHRASE\" | dotnet run --project src/Dataans.App -- sync login --server http://127.0.0.1:8080/ --token-stdin --password-stdin --passphrase-stdin", address)).AssertSucceeded();
        var passphrase = first.Stdout.Split('\n').Select(line => line.Trim()).Single(line => line.StartsWith("Your passphrase: ", StringComparison.Ordinal))["Your passphrase: ".Length..];
        Assert.DoesNotContain(token, first.Stdout + first.Stderr, StringComparison.Ordinal);

        // Second device: the token from the environment, the passphrase as written down on paper.
        desktop.Shell.Set("PASSPHRASE", passphrase.ToLowerInvariant().Replace('-', ' '));
        var second = (await ledger.RunAsync(desktop.Shell, "printf '%s\\n' \"$PASSWORD\" \"$PASSPHRASE\" | DATAANS_TOKEN=\"$TOKEN\" dotnet run --project src/Dataans.App -- sync login --server http://127.0.0.1:8080/ --password-stdin --passphrase-stdin", address)).AssertSucceeded();
        Assert.Contains("Signed in to", second.Stdout, StringComparison.Ordinal);

        // Signing in again: only the token; no password or passphrase is read.
        desktop.Shell.Set("PASSWORD", null);
        desktop.Shell.Set("PASSPHRASE", null);
        var again = (await ledger.RunAsync(desktop.Shell, "printf '%s\\n' \"$TOKEN\" | dotnet run --project src/Dataans.App -- sync login --server http://127.0.0.1:8080/ --token-stdin", address)).AssertSucceeded();
        Assert.Contains("the encryption key on this device was kept", again.Stdout, StringComparison.Ordinal);
        (await ledger.RunAsync(desktop.Shell, "dotnet run --project src/Dataans.App -- sync now")).AssertSucceeded();

        ledger.AssertEveryCommandRan();
    }
}
