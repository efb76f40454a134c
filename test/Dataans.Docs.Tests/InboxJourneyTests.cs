using Dataans.Docs.Tests.Infrastructure;

namespace Dataans.Docs.Tests;

/// <summary>
/// docs/inbox.md: a signed-in device makes a capture link, captures are sent with only the link (text
/// from standard input, a file, the link in the environment), the next sync turns them into notes of the
/// Inbox space (or of the space chosen with <c>inbox target</c>), and a revoked link stops at once — every command as the docs show it, through
/// <c>dotnet run</c>, against a real server.
/// </summary>
[Collection(DocsCollection.Name)]
public sealed class InboxJourneyTests : IDisposable
{
    public static readonly string[] Commands =
    [
        "dotnet run --project src/Dataans.Server",
        "dotnet run --project src/Dataans.Server -- user add alice",
        "printf '%s\\n' \"$TOKEN\" \"$PASSWORD\" \"$PASSPHRASE\" | dotnet run --project src/Dataans.App -- sync login --server http://127.0.0.1:8080/ --token-stdin --password-stdin --passphrase-stdin",
        "dotnet run --project src/Dataans.App -- sync now",
        "dotnet run --project src/Dataans.App -- inbox link --label Phone --expires 30d",
        "dotnet run --project src/Dataans.App -- inbox links",
        "dotnet run --project src/Dataans.App -- inbox revoke ID",
        "dotnet run --project src/Dataans.App -- inbox target",
        "dotnet run --project src/Dataans.App -- inbox target Groceries",
        "dotnet run --project src/Dataans.App -- inbox target --inbox",
        "echo \"Buy milk\" | dotnet run --project src/Dataans.App -- inbox send \"$LINK\"",
        "echo \"Receipt\" | DATAANS_CAPTURE_LINK=\"$LINK\" dotnet run --project src/Dataans.App -- inbox send --file receipt.pdf",
    ];

    private static readonly byte[] ReceiptBytes = "%PDF-1.4 receipt"u8.ToArray();
    private readonly string _root = Directory.CreateTempSubdirectory("dataans-docs-inbox-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task CapturesSentWithTheLink_BecomeInboxNotes_InTheChosenSpace_AndARevokedLinkStops()
    {
        var ledger = new CommandLedger(Commands);
        var laptop = new Device(Path.Combine(_root, "laptop"));
        var phone = new Device(Path.Combine(_root, "phone"));
        var port = ServerPort.Choose();
        ServerPort.Apply(laptop.Shell, port);
        var address = ServerPort.Substitutions(port);

        await using var server = ledger.Start(laptop.Shell, "dotnet run --project src/Dataans.Server");
        using var http = new HttpClient();
        Assert.True((await Eventually.AnswersAsync(http, new Uri($"http://127.0.0.1:{port}/health"), TimeSpan.FromMinutes(4))).IsSuccessStatusCode);
        laptop.Shell.Set("TOKEN", (await ledger.RunAsync(laptop.Shell, "dotnet run --project src/Dataans.Server -- user add alice")).AssertSucceeded().LastLine);
        laptop.Shell.Set("PASSWORD", "correct horse battery");
        laptop.Shell.Set("PASSPHRASE", string.Empty);
        (await ledger.RunAsync(laptop.Shell, Commands[2], address)).AssertSucceeded();
        (await ledger.RunAsync(laptop.Shell, "dotnet run --project src/Dataans.App -- sync now")).AssertSucceeded();

        var link = (await ledger.RunAsync(laptop.Shell, "dotnet run --project src/Dataans.App -- inbox link --label Phone --expires 30d")).AssertSucceeded().LastLine;
        Assert.StartsWith($"http://127.0.0.1:{port}/capture/#t=", link, StringComparison.Ordinal);
        var links = (await ledger.RunAsync(laptop.Shell, "dotnet run --project src/Dataans.App -- inbox links")).AssertSucceeded();
        Assert.Contains("Phone", links.Stdout, StringComparison.Ordinal);

        // The phone has no account and no data folder of its own: only the link.
        phone.Shell.Set("LINK", link);
        await File.WriteAllBytesAsync(Path.Combine(phone.Home, "receipt.pdf"), ReceiptBytes);
        (await ledger.RunAsync(phone.Shell, "echo \"Buy milk\" | dotnet run --project src/Dataans.App -- inbox send \"$LINK\"")).AssertSucceeded();
        (await ledger.RunAsync(phone.Shell, "echo \"Receipt\" | DATAANS_CAPTURE_LINK=\"$LINK\" dotnet run --project src/Dataans.App -- inbox send --file receipt.pdf", new Dictionary<string, string> { ["receipt.pdf"] = "~/receipt.pdf" })).AssertSucceeded();
        Assert.False(Directory.Exists(Path.Combine(phone.Home, ".local", "share", "dataans")), "Sending a capture made a data folder on the phone.");

        (await ledger.RunAsync(laptop.Shell, "dotnet run --project src/Dataans.App -- sync now")).AssertSucceeded();
        var inbox = (await laptop.JsonAsync("space list")).EnumerateArray().Single(space => space.GetProperty("name").GetString() == "Inbox").GetProperty("id").GetString()!;
        var notes = (await laptop.JsonAsync($"note list --space {inbox}")).EnumerateArray().ToList();
        Assert.Equal(["Buy milk", "Receipt"], notes.Select(note => note.GetProperty("text").GetString()!.Trim()).Order(StringComparer.Ordinal));
        var receipt = notes.Single(note => note.GetProperty("text").GetString()!.Trim() == "Receipt").GetProperty("files")[0];
        Assert.Equal(ReceiptBytes, await File.ReadAllBytesAsync(receipt.GetProperty("path").GetString()!));

        Assert.Equal("Inbox", (await ledger.RunAsync(laptop.Shell, "dotnet run --project src/Dataans.App -- inbox target")).AssertSucceeded().LastLine);
        var groceries = (await laptop.JsonAsync("space add Groceries")).GetProperty("id").GetString()!;
        Assert.Equal("Groceries", (await ledger.RunAsync(laptop.Shell, "dotnet run --project src/Dataans.App -- inbox target Groceries")).AssertSucceeded().LastLine);
        (await ledger.RunAsync(phone.Shell, "echo \"Buy milk\" | dotnet run --project src/Dataans.App -- inbox send \"$LINK\"")).AssertSucceeded();
        (await ledger.RunAsync(laptop.Shell, "dotnet run --project src/Dataans.App -- sync now")).AssertSucceeded();
        Assert.Equal("Buy milk", (await laptop.JsonAsync($"note list --space {groceries}")).EnumerateArray().Single().GetProperty("text").GetString()!.Trim());
        Assert.Equal("Inbox", (await ledger.RunAsync(laptop.Shell, "dotnet run --project src/Dataans.App -- inbox target --inbox")).AssertSucceeded().LastLine);

        var id = (await laptop.JsonAsync("inbox links"))[0].GetProperty("id").GetString()!;
        (await ledger.RunAsync(laptop.Shell, "dotnet run --project src/Dataans.App -- inbox revoke ID", new Dictionary<string, string> { ["ID"] = id[..8] })).AssertSucceeded();
        var refused = await ledger.RunAsync(phone.Shell, "echo \"Buy milk\" | dotnet run --project src/Dataans.App -- inbox send \"$LINK\"");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("revoked or has expired", refused.Stderr, StringComparison.Ordinal);

        ledger.AssertEveryCommandRan();
    }
}
