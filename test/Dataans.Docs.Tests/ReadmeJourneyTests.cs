using System.Text.Json;
using Dataans.Docs.Tests.Infrastructure;

namespace Dataans.Docs.Tests;

/// <summary>
/// README: the CLI tour on one device, then the sync journey — a server, a user, two devices signed in
/// with the printed token and passphrase, auto sync in the running app, verify, the v1 protocol and
/// sign-out — every command as the README shows it, through <c>dotnet run</c>.
/// </summary>
[Collection(DocsCollection.Name)]
public sealed class ReadmeJourneyTests : IDisposable
{
    public static readonly string[] CliCommands =
    [
        "dotnet run --project src/Dataans.App -- space add Work",
        "dotnet run --project src/Dataans.App -- space list",
        "dotnet run --project src/Dataans.App -- note add --space 3dde \"Buy **milk**\" --attach receipt.png",
        "printf -- \"- one\\n- two\\n\" | dotnet run --project src/Dataans.App -- note add --space 3dde -",
        "dotnet run --project src/Dataans.App -- note list --space Work --limit 20",
        "dotnet run --project src/Dataans.App -- note edit ab7a \"Buy oat milk\"",
        "dotnet run --project src/Dataans.App -- note history ab7a --restore 1",
        "dotnet run --project src/Dataans.App -- search milk --space 3dde",
        "dotnet run --project src/Dataans.App -- export --format json --with-files --out ~/notes-backup",
        "dotnet run --project src/Dataans.App -- --data-dir ~/other-notes import ~/notes-backup/dataans-export-20250731-162557.json",
        "dotnet run --project src/Dataans.App -- export --format md --layout per-space --with-files --out ~/notes-export",
        "dotnet run --project src/Dataans.App -- --json space list",
        "dotnet run --project src/Dataans.App -- --help",
    ];

    public static readonly string[] SyncCommands =
    [
        "dotnet run --project src/Dataans.Server",
        "dotnet run --project src/Dataans.Server -- user add alice",
        "dotnet run --project src/Dataans.App -- sync login --server http://127.0.0.1:8080/ --token TOKEN",
        "dotnet run --project src/Dataans.App -- sync now",
        "dotnet run --project src/Dataans.App -- sync status",
        "dotnet run --project src/Dataans.Server -- user token add alice --label desktop",
        "dotnet run --project src/Dataans.App -- sync login --server http://127.0.0.1:8080/ --token DEVICE_TOKEN --passphrase PASSPHRASE",
        "dotnet run --project src/Dataans.App -- sync mode auto",
        "dotnet run --project src/Dataans.App -- --no-browser",
        "dotnet run --project src/Dataans.App -- sync verify",
        "dotnet run --project src/Dataans.App -- sync now --protocol v1",
        "dotnet run --project src/Dataans.App -- sync logout",
        "dotnet run --project src/Dataans.App -- device rename Work desktop",
    ];

    private const string Password = "correct horse battery";
    private static readonly byte[] Receipt = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4, 5];
    private static readonly TimeSpan LiveSyncTimeout = TimeSpan.FromSeconds(90);
    private readonly string _root = Directory.CreateTempSubdirectory("dataans-docs-readme-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task CliTour_EachCommandDoesWhatTheReadmeSays()
    {
        var ledger = new CommandLedger(CliCommands);
        var device = new Device(Path.Combine(_root, "laptop"));
        var values = await WriteNotesAsync(ledger, device);

        var list = (await ledger.RunAsync(device.Shell, "dotnet run --project src/Dataans.App -- note list --space Work --limit 20", values)).AssertSucceeded();
        Assert.Contains("Buy **milk**", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("- two", list.Stdout, StringComparison.Ordinal);

        (await ledger.RunAsync(device.Shell, "dotnet run --project src/Dataans.App -- note edit ab7a \"Buy oat milk\"", values)).AssertSucceeded();
        Assert.Contains("Buy oat milk", await device.NoteTextsAsync(values["3dde"]));
        (await ledger.RunAsync(device.Shell, "dotnet run --project src/Dataans.App -- note history ab7a --restore 1", values)).AssertSucceeded();
        var texts = await device.NoteTextsAsync(values["3dde"]);
        Assert.Contains("Buy **milk**", texts);
        Assert.DoesNotContain("Buy oat milk", texts);

        var search = (await ledger.RunAsync(device.Shell, "dotnet run --project src/Dataans.App -- search milk --space 3dde", values)).AssertSucceeded();
        Assert.Contains(values["ab7a"], search.Stdout, StringComparison.Ordinal);

        var exported = (await ledger.RunAsync(device.Shell, "dotnet run --project src/Dataans.App -- export --format json --with-files --out ~/notes-backup")).AssertSucceeded().LastLine;
        Assert.StartsWith(Path.Combine(device.Home, "notes-backup", "dataans-export-"), exported, StringComparison.Ordinal);
        values["~/notes-backup/dataans-export-20250731-162557.json"] = exported;
        var imported = (await ledger.RunAsync(device.Shell, "dotnet run --project src/Dataans.App -- --data-dir ~/other-notes import ~/notes-backup/dataans-export-20250731-162557.json", values)).AssertSucceeded();
        Assert.Contains("1 spaces created", imported.Stdout, StringComparison.Ordinal);
        var copies = await device.JsonAsync($"--data-dir {Path.Combine(device.Home, "other-notes")} note list --space {values["3dde"]}");
        var withFile = copies.EnumerateArray().Single(note => note.GetProperty("text").GetString() == "Buy **milk**");
        var file = Assert.Single(withFile.GetProperty("files").EnumerateArray().ToList());
        Assert.Equal(Receipt, await File.ReadAllBytesAsync(file.GetProperty("path").GetString()!));

        (await ledger.RunAsync(device.Shell, "dotnet run --project src/Dataans.App -- export --format md --layout per-space --with-files --out ~/notes-export")).AssertSucceeded();
        var markdown = Directory.GetFiles(Path.Combine(device.Home, "notes-export"), "*.md", SearchOption.AllDirectories);
        Assert.Contains(markdown, path => File.ReadAllText(path).Contains("Buy **milk**", StringComparison.Ordinal));
        Assert.Contains(Directory.GetFiles(Path.Combine(device.Home, "notes-export"), "*", SearchOption.AllDirectories), path => path.EndsWith("receipt.png", StringComparison.Ordinal));

        var spaces = (await ledger.RunAsync(device.Shell, "dotnet run --project src/Dataans.App -- --json space list")).AssertSucceeded();
        using (var json = JsonDocument.Parse(spaces.Stdout))
        {
            Assert.Equal("Work", Assert.Single(json.RootElement.EnumerateArray().ToList()).GetProperty("name").GetString());
        }

        var help = (await ledger.RunAsync(device.Shell, "dotnet run --project src/Dataans.App -- --help")).AssertSucceeded();
        foreach (var group in new[] { "space", "note", "search", "export", "import", "sync", "ui" })
        {
            Assert.Contains($"  {group} ", help.Stdout, StringComparison.Ordinal);
        }

        ledger.AssertEveryCommandRan();
    }

    [Fact]
    public async Task SyncJourney_TwoDevicesConvergeThroughTheServer()
    {
        var cli = new CommandLedger(CliCommands);
        var ledger = new CommandLedger(SyncCommands);
        var laptop = new Device(Path.Combine(_root, "laptop"));
        var desktop = new Device(Path.Combine(_root, "desktop"));
        var port = ServerPort.Choose();
        ServerPort.Apply(laptop.Shell, port);
        var values = await WriteNotesAsync(cli, laptop);
        foreach (var (placeholder, value) in ServerPort.Substitutions(port))
        {
            values[placeholder] = value;
        }

        await using var server = ledger.Start(laptop.Shell, "dotnet run --project src/Dataans.Server");
        using var http = new HttpClient();
        var health = await Eventually.AnswersAsync(http, new Uri($"http://127.0.0.1:{port}/health"), TimeSpan.FromMinutes(4));
        Assert.True(health.IsSuccessStatusCode);
        Assert.True(Directory.Exists(Path.Combine(laptop.Home, ".local", "share", "dataans-server")), "The server keeps its data in ~/.local/share/dataans-server.");

        var token = (await ledger.RunAsync(laptop.Shell, "dotnet run --project src/Dataans.Server -- user add alice")).AssertSucceeded().LastLine;
        Assert.StartsWith("dst_", token, StringComparison.Ordinal);
        values["TOKEN"] = token;

        var login = (await ledger.RunAsync(laptop.Shell, "dotnet run --project src/Dataans.App -- sync login --server http://127.0.0.1:8080/ --token TOKEN", values, Password + "\n")).AssertSucceeded();
        var passphrase = login.Stdout.Split('\n').Select(line => line.Trim()).Single(line => line.StartsWith("Your passphrase: ", StringComparison.Ordinal))["Your passphrase: ".Length..];
        values["PASSPHRASE"] = passphrase;
        Assert.Equal(5, passphrase.Split('-').Length);

        (await ledger.RunAsync(laptop.Shell, "dotnet run --project src/Dataans.App -- sync now")).AssertSucceeded();
        var status = (await ledger.RunAsync(laptop.Shell, "dotnet run --project src/Dataans.App -- sync status")).AssertSucceeded();
        Assert.Contains($"Signed in to http://127.0.0.1:{port}/", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("0 waiting to be pushed", status.Stdout, StringComparison.Ordinal);

        var deviceToken = (await ledger.RunAsync(laptop.Shell, "dotnet run --project src/Dataans.Server -- user token add alice --label desktop")).AssertSucceeded().LastLine;
        Assert.StartsWith("dst_", deviceToken, StringComparison.Ordinal);
        Assert.NotEqual(token, deviceToken);
        values["DEVICE_TOKEN"] = deviceToken;
        (await ledger.RunAsync(desktop.Shell, "dotnet run --project src/Dataans.App -- sync login --server http://127.0.0.1:8080/ --token DEVICE_TOKEN --passphrase PASSPHRASE", values, Password + "\n")).AssertSucceeded();
        (await ledger.RunAsync(desktop.Shell, "dotnet run --project src/Dataans.App -- sync now")).AssertSucceeded();
        Assert.Equal((await laptop.NoteTextsAsync(values["3dde"])).Order(), (await desktop.NoteTextsAsync(values["3dde"])).Order());
        var synced = (await desktop.JsonAsync($"note list --space {values["3dde"]}")).EnumerateArray()
            .SelectMany(note => note.GetProperty("files").EnumerateArray()).Single();
        Assert.Equal(Receipt.Length, synced.GetProperty("size").GetInt64());
        Assert.Equal(Receipt, await File.ReadAllBytesAsync(synced.GetProperty("path").GetString()!));

        // The laptop's history names the desktop for the edit it made there (the name travels in the sealed operation).
        (await ledger.RunAsync(desktop.Shell, "dotnet run --project src/Dataans.App -- device rename Work desktop")).AssertSucceeded();
        await desktop.JsonAsync($"note edit {values["ab7a"]} \"Buy milk and bread\"");
        (await desktop.Shell.RunAsync("dotnet run --no-build --project src/Dataans.App -- sync now")).AssertSucceeded();
        (await laptop.Shell.RunAsync("dotnet run --no-build --project src/Dataans.App -- sync now")).AssertSucceeded();
        var history = (await laptop.JsonAsync($"note history {values["ab7a"]}")).EnumerateArray().ToList();
        Assert.Equal(("Buy milk and bread", "Work desktop"), (history[^1].GetProperty("text").GetString(), history[^1].GetProperty("device").GetString()));
        Assert.EndsWith("(this device)", history[0].GetProperty("device").GetString(), StringComparison.Ordinal);

        // Auto mode: the desktop's running app receives the laptop's next note by itself.
        (await ledger.RunAsync(desktop.Shell, "dotnet run --project src/Dataans.App -- sync mode auto")).AssertSucceeded();
        await using (var app = ledger.Start(desktop.Shell, "dotnet run --project src/Dataans.App -- --no-browser"))
        {
            await AppChecks.AssertServesUiAsync(app, TimeSpan.FromMinutes(4));
            await laptop.JsonAsync($"note add --space {values["3dde"]} \"written on the laptop\"");
            (await ledger.RunAsync(laptop.Shell, "dotnet run --project src/Dataans.App -- sync now")).AssertSucceeded();
            await WaitForNoteAsync(desktop, values["3dde"], "written on the laptop");

            var verify = (await ledger.RunAsync(laptop.Shell, "dotnet run --project src/Dataans.App -- sync verify")).AssertSucceeded();
            Assert.NotEmpty(verify.Stdout.Trim());

            await laptop.JsonAsync($"note add --space {values["3dde"]} \"pushed with the v1 protocol\"");
            (await ledger.RunAsync(laptop.Shell, "dotnet run --project src/Dataans.App -- sync now --protocol v1")).AssertSucceeded();
            await WaitForNoteAsync(desktop, values["3dde"], "pushed with the v1 protocol");

            // A note the desktop's CLI writes beside its running app (another process) is pushed by the app.
            await desktop.JsonAsync($"note add --space {values["3dde"]} \"written beside the running app\"");
            await Eventually.WaitAsync<object>(
                async () =>
                {
                    (await laptop.Shell.RunAsync("dotnet run --no-build --project src/Dataans.App -- sync now")).AssertSucceeded();
                    return (await laptop.NoteTextsAsync(values["3dde"])).Contains("written beside the running app") ? laptop : null;
                },
                LiveSyncTimeout,
                "the desktop's running app to push the note its CLI wrote");
        }

        var logout = (await ledger.RunAsync(laptop.Shell, "dotnet run --project src/Dataans.App -- sync logout")).AssertSucceeded();
        Assert.Contains("Signed out; the server revoked this device's token.", logout.Stdout + logout.Stderr, StringComparison.Ordinal);
        var after = (await laptop.Shell.RunAsync("dotnet run --no-build --project src/Dataans.App -- sync status")).AssertSucceeded();
        Assert.Contains("Not signed in.", after.Stdout, StringComparison.Ordinal);
        Assert.Equal(5, (await laptop.NoteTextsAsync(values["3dde"])).Count); // the notes stay
        var desktopAfter = (await desktop.Shell.RunAsync("dotnet run --no-build --project src/Dataans.App -- sync now")).AssertSucceeded();
        Assert.DoesNotContain("sign in again", desktopAfter.Stdout + desktopAfter.Stderr, StringComparison.Ordinal); // its own token still works

        ledger.AssertEveryCommandRan();
    }

    /// <summary>The README's first commands: a space, a note with an attachment, a note from a pipe.</summary>
    private static async Task<Dictionary<string, string>> WriteNotesAsync(CommandLedger ledger, Device device)
    {
        var space = (await ledger.RunAsync(device.Shell, "dotnet run --project src/Dataans.App -- space add Work")).AssertSucceeded().LastLine;
        Assert.True(Guid.TryParse(space, out _), $"space add printed '{space}', not an id.");
        var list = (await ledger.RunAsync(device.Shell, "dotnet run --project src/Dataans.App -- space list")).AssertSucceeded();
        Assert.Contains("Work", list.Stdout, StringComparison.Ordinal);

        // A path relative to where the user types the command (the clone's root), as the README shows it:
        // `dotnet run` must not move the app into its project folder first.
        var receipt = $"{Guid.NewGuid():N}-receipt.png";
        await File.WriteAllBytesAsync(Path.Combine(Shell.RepoRoot, receipt), Receipt);
        var values = new Dictionary<string, string> { ["3dde"] = space[..8], ["receipt.png"] = receipt };
        string note;
        try
        {
            note = (await ledger.RunAsync(device.Shell, "dotnet run --project src/Dataans.App -- note add --space 3dde \"Buy **milk**\" --attach receipt.png", values)).AssertSucceeded().LastLine;
        }
        finally
        {
            File.Delete(Path.Combine(Shell.RepoRoot, receipt));
        }

        Assert.True(Guid.TryParse(note, out _), $"note add printed '{note}', not an id.");
        values["ab7a"] = note[..8];
        (await ledger.RunAsync(device.Shell, "printf -- \"- one\\n- two\\n\" | dotnet run --project src/Dataans.App -- note add --space 3dde -", values)).AssertSucceeded();
        Assert.Contains(await device.NoteTextsAsync(space), text => text.StartsWith("- one\n- two", StringComparison.Ordinal));
        return values;
    }

    private static Task WaitForNoteAsync(Device device, string space, string text) =>
        Eventually.WaitAsync<object>(
            async () => (await device.NoteTextsAsync(space)).Contains(text) ? text : null,
            LiveSyncTimeout,
            $"'{text}' to reach the other device by auto sync");
}
