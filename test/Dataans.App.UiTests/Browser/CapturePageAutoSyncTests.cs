using System.Diagnostics;
using Dataans.App.Ui.Sync;
using Dataans.Core.Inbox;
using Dataans.Core.Storage;
using Dataans.Reliability.Tests.Infrastructure;
using Dataans.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Dataans.App.UiTests.Browser;

/// <summary>
/// The browser story end to end: two running apps on one account, both in automatic sync mode;
/// text and an image sealed and sent by the capture page in Chromium appear as one note with its image
/// in the Inbox space of both apps, without anyone pressing sync. Prints the send-to-note delay.
/// </summary>
[Collection("ui")]
public sealed class CapturePageAutoSyncTests(AppFixture app, ITestOutputHelper output)
{
    [Fact]
    public async Task TextAndImageFromThePage_AppearOnceOnTwoAppsInAutomaticMode()
    {
        await using var server = await ServerInstance.StartAsync();
        var token = await server.AddUserAsync("two-apps");
        await using var first = await ExtraApp.StartAsync();
        await using var second = await ExtraApp.StartAsync();
        var firstSync = first.Server.Services.GetRequiredService<SyncController>();
        var secondSync = second.Server.Services.GetRequiredService<SyncController>();
        var passphrase = await firstSync.SignInAsync(server.BaseAddress, token, "a password", null);
        await secondSync.SignInAsync(server.BaseAddress, token, "a password", passphrase);
        Assert.True((await firstSync.SyncNowAsync()).Success); // the account's first sync creates the inbox key
        var (_, link) = await CaptureLinks.CreateAsync(first.Store, "Phone", null, CancellationToken.None);
        await firstSync.SetAutoAsync(true);
        await secondSync.SetAutoAsync(true);

        await using var context = await app.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(link);
        await Expect(page.Locator("#status")).ToHaveTextAsync("Ready.");
        await page.Locator("#text").FillAsync("Seen on the bus ✓");
        byte[] image = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. System.Security.Cryptography.RandomNumberGenerator.GetBytes(30_000)];
        await page.Locator("#files").SetInputFilesAsync(new FilePayload { Name = "bus.png", MimeType = "image/png", Buffer = image });
        var clock = Stopwatch.StartNew();
        await page.Locator("#send").ClickAsync();

        var delays = await Task.WhenAll(NoteArrivesAsync(first.Store, image, clock), NoteArrivesAsync(second.Store, image, clock));
        await Expect(page.Locator("#sent li")).ToContainTextAsync("Seen on the bus ✓ (+1 file: bus.png)");
        output.WriteLine($"'Seal and send' clicked -> note with its image in both apps (automatic mode): {delays[0].TotalMilliseconds:F0} ms / {delays[1].TotalMilliseconds:F0} ms");
        Figures.Record("inbox", "page send to note on two apps in auto mode (slower)", delays.Max().TotalMilliseconds, "ms");
        foreach (var store in new[] { first.Store, second.Store })
        {
            var inbox = Assert.Single(await store.ListSpacesAsync(), space => space.Name == DataansStore.InboxSpaceName);
            Assert.Single(await store.ListNotesAsync(inbox.Id));
        }
    }

    private static async Task<TimeSpan> NoteArrivesAsync(DataansStore store, byte[] image, Stopwatch clock)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var inbox = (await store.ListSpacesAsync()).FirstOrDefault(space => space.Name == DataansStore.InboxSpaceName);
            var notes = inbox is null ? [] : await store.ListNotesAsync(inbox.Id);
            if (notes is [{ Text: "Seen on the bus ✓", Files: [var file] }] && store.Files.Resolve(file.Path) is { } path && File.Exists(path)
                && (await File.ReadAllBytesAsync(path)).AsSpan().SequenceEqual(image))
            {
                return clock.Elapsed;
            }

            Assert.True(notes.Count <= 1, $"{notes.Count} notes in the Inbox space: a capture was delivered twice");
            Assert.True(DateTime.UtcNow < deadline, "Timed out after 60 s waiting for the capture's note with its image.");
            await Task.Delay(50);
        }
    }
}
