using System.Security.Cryptography;
using System.Text.Json;
using Dataans.App.Ui.Hosting;
using Dataans.App.Ui.State;
using Dataans.Core.Import.Original;
using Dataans.Core.Model;
using Dataans.Core.Storage;
using Dataans.Tests.Original;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dataans.App.UiTests.Browser;

/// <summary>Switching from the original app in the browser, and the settings page's export → import round trip with files.</summary>
[Collection("ui")]
public sealed class OriginalImportUiTests(AppFixture app)
{
    [Fact]
    public async Task FirstStart_OffersTheOriginalsData_ImportsItWithProgress_AndDoesNotAskAgain()
    {
        var root = Directory.CreateTempSubdirectory("dataans-ui-original-").FullName;
        var dataDir = Directory.CreateTempSubdirectory("dataans-ui-fresh-").FullName;
        var scenario = OriginalScenario.Build(Path.Combine(root, "com.tbt.dataans"));
        var store = await DataansStore.OpenAsync(new DataDirectory(dataDir));
        var server = await UiServer.StartAsync(store, new UiOptions(dataDir, Port: 0, OpenBrowser: false),
            services => services.AddSingleton(new ImportService(store, () => OriginalLocation.FromFolder(scenario.Root))));
        try
        {
            await using var tab = await app.OpenAsync(server.Url, "/");
            var offer = tab.Page.GetByRole(AriaRole.Dialog, new() { Name = "Bring your notes from the original Dataans app?" });
            await Expect(offer).ToContainTextAsync(scenario.Root);

            await offer.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();

            await Expect(offer).ToBeHiddenAsync(new() { Timeout = 30_000 });
            await Expect(tab.Page.Locator("nav.spaces .space")).ToHaveCountAsync(4);
            await tab.SelectSpaceAsync("Old notes");
            await Expect(tab.Notes.First).ToContainTextAsync("Written before sync existed — 同期の前");
            var link = tab.Notes.First.GetByRole(AriaRole.Link, new() { Name = "Download report 2024.pdf" });
            await Expect(link).ToBeVisibleAsync();
            Assert.Equal(scenario.Builder.Bytes[scenario.OldAttachment], await FetchAsync(tab.Page, await link.GetAttributeAsync("href")));

            await tab.GotoAsync("/");
            await Expect(tab.Page.Locator("nav.spaces .space")).ToHaveCountAsync(4);
            await Expect(offer).ToHaveCountAsync(0);
            Assert.Empty(tab.Errors);
        }
        finally
        {
            await server.DisposeAsync();
            store.Dispose();
            AppFixture.TryDelete(dataDir);
            AppFixture.TryDelete(root);
        }
    }

    [Fact]
    public async Task SettingsExportWithAttachments_ImportsInSettingsOnAnotherDataFolder_WithEveryFile()
    {
        await using var source = await ExtraApp.StartAsync();
        var space = await source.Store.CreateSpaceAsync("Round trip");
        var bytes = RandomNumberGenerator.GetBytes(200_000);
        await source.Store.CreateNoteAsync(space.Id, "with an attachment", [new AttachmentSource("data.bin", _ => Task.FromResult<Stream>(new MemoryStream(bytes)))]);
        var folder = Path.Combine(source.DataDir, "to-carry");
        await using (var tab = await app.OpenAsync(source.Server.Url, "/settings"))
        {
            await Expect(tab.Page.GetByLabel("with attachments")).ToBeCheckedAsync();
            await tab.Page.Locator("#export-folder").FillAsync(folder);
            await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Export", Exact = true }).ClickAsync();
            await tab.ExpectToastAsync("Export finished.");
        }

        await using var target = await ExtraApp.StartAsync();
        await using var other = await app.OpenAsync(target.Server.Url, "/settings");
        await other.Page.Locator("#folder-import-path").FillAsync(folder);
        await other.Page.Locator("#folder-import-run").ClickAsync();

        await Expect(other.Page.Locator("#folder-import-result")).ToHaveTextAsync("Imported 1 spaces and 1 notes with 2 files; 0 unchanged.");
        await other.GotoAsync("/");
        await other.SelectSpaceAsync("Round trip");
        var link = other.Notes.First.GetByRole(AriaRole.Link, new() { Name = "Download data.bin" });
        await Expect(link).ToBeVisibleAsync();
        Assert.Equal(bytes, await FetchAsync(other.Page, await link.GetAttributeAsync("href")));
        var avatar = (await target.Store.ListSpacesAsync()).Single().AvatarPath!;
        Assert.Equal(await File.ReadAllBytesAsync(source.Store.Files.Resolve((await source.Store.ListSpacesAsync()).Single().AvatarPath!)!), await File.ReadAllBytesAsync(target.Store.Files.Resolve(avatar)!));
    }

    [Fact]
    public async Task ImportOfAHostileFolder_SaysWhyInOneSentence()
    {
        await using var target = await ExtraApp.StartAsync();
        var folder = Directory.CreateTempSubdirectory("dataans-ui-hostile-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "db"));
        await File.WriteAllBytesAsync(Path.Combine(folder, "db", "dataans.sqlite"), RandomNumberGenerator.GetBytes(4096));
        await using var tab = await app.OpenAsync(target.Server.Url, "/settings");

        await tab.Page.Locator("#folder-import-path").FillAsync(folder);
        await tab.Page.Locator("#folder-import-run").ClickAsync();

        await Expect(tab.Page.Locator("#folder-import-result")).ToContainTextAsync("Import failed: The original database");
        Assert.Empty(await target.Store.ListSpacesAsync());
        AppFixture.TryDelete(folder);
    }

    /// <summary>Fetches a file the page links to, from inside the page (same origin), as bytes.</summary>
    private static async Task<byte[]> FetchAsync(IPage page, string? href)
    {
        var numbers = await page.EvaluateAsync<string>(
            "async (href) => JSON.stringify(Array.from(new Uint8Array(await (await fetch(href)).arrayBuffer())))", href);
        return JsonSerializer.Deserialize<int[]>(numbers)!.Select(value => (byte)value).ToArray();
    }
}
