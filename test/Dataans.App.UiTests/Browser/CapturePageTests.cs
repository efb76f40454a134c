using Dataans.App.Cli;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dataans.App.UiTests.Browser;

/// <summary>
/// Issue 16 through the real parts: Chromium opens the capture link a device printed, seals a note and
/// a file with WebCrypto and sends it; the device's next sync turns it into exactly one note with its
/// file in the "Inbox" space, and a further sync adds nothing.
/// </summary>
[Collection("ui")]
public sealed class CapturePageTests(AppFixture app)
{
    [Fact]
    public async Task TextAndFileSentFromThePage_BecomeOneNoteOnTheDevice()
    {
        await using var server = await ServerInstance.StartAsync();
        var token = await server.AddUserAsync("capture-page");
        var dataDir = Directory.CreateTempSubdirectory("dataans-capture-device-").FullName;
        try
        {
            await CliAsync(dataDir, ["sync", "login", "--server", server.BaseAddress.AbsoluteUri, "--token-stdin", "--password-stdin", "--passphrase-stdin"],
                $"{token}\ncorrect horse battery\n\n");
            await CliAsync(dataDir, ["sync", "now"]);
            var link = (await CliAsync(dataDir, ["inbox", "link", "--label", "Phone"])).Trim();
            Assert.StartsWith(server.BaseAddress.AbsoluteUri + "capture/#t=dci_", link, StringComparison.Ordinal);

            await using var context = await app.Browser.NewContextAsync();
            var page = await context.NewPageAsync();
            var response = await page.GotoAsync(link);
            Assert.Equal(200, response!.Status);
            Assert.Contains("default-src 'self'", (await response.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);
            await Expect(page.Locator("#status")).ToHaveTextAsync("Ready.");
            await Expect(page.Locator("#label")).ToHaveTextAsync("Phone");
            await page.Locator("#text").FillAsync("Call the plumber ✓");
            byte[] image = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3, 4, 5];
            await page.Locator("#files").SetInputFilesAsync(new FilePayload { Name = "leak.png", MimeType = "image/png", Buffer = image });
            await page.Locator("#send").ClickAsync();
            await Expect(page.Locator("#status")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Sent\\."));
            await Expect(page.Locator("#sent li")).ToHaveCountAsync(1);
            await Expect(page.Locator("#sent li")).ToContainTextAsync("Call the plumber ✓ (+1 file: leak.png)");

            var sync = await CliAsync(dataDir, ["sync", "now"]);
            Assert.Contains("1 capture delivered from the inbox", sync, StringComparison.Ordinal);
            await CliAsync(dataDir, ["sync", "now"]);
            var spaces = await CliAsync(dataDir, ["space", "list", "--json"]);
            using var spaceJson = System.Text.Json.JsonDocument.Parse(spaces);
            var inbox = Assert.Single(spaceJson.RootElement.EnumerateArray(), space => space.GetProperty("name").GetString() == "Inbox");
            var notes = await CliAsync(dataDir, ["note", "list", "--space", inbox.GetProperty("id").GetString()!, "--json"]);
            using var noteJson = System.Text.Json.JsonDocument.Parse(notes);
            var note = Assert.Single(noteJson.RootElement.EnumerateArray());
            Assert.Equal("Call the plumber ✓", note.GetProperty("text").GetString());
            var file = Assert.Single(note.GetProperty("files").EnumerateArray());
            Assert.Equal(image.Length, file.GetProperty("size").GetInt64());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    internal static async Task<string> CliAsync(string dataDir, string[] args, string stdin = "")
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await DataansCli.RunAsync(["--data-dir", dataDir, .. args], new StringReader(stdin), output, error);
        Assert.True(code == 0, $"dataans {string.Join(' ', args)} -> {code}: {error}");
        return output.ToString();
    }
}
