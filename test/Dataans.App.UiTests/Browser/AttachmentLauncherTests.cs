using System.Text;
using Dataans.App.Desktop;
using Dataans.Core.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dataans.App.UiTests.Browser;

/// <summary>
/// "Open" and "show in folder" for attachments (13.4): the app's process hands the stored file to the
/// desktop's opener. The opener here is a real program (a script standing in for xdg-open that writes down
/// what it was given); the session bus is one that does not exist, so "show in folder" falls back to the folder.
/// </summary>
[Collection("ui")]
public sealed class AttachmentLauncherTests(AppFixture app)
{
    [Fact]
    public async Task OpenAndShowInFolder_HandTheStoredFileAndItsFolderToTheOpener()
    {
        var opener = Opener.Create(exitCode: 0);
        await using var extra = await ExtraApp.StartAsync(configure: opener.Register);
        var space = await extra.Store.CreateSpaceAsync("Launch");
        var note = await extra.Store.CreateNoteAsync(space.Id, "Minutes", [Attachment("minutes, final.pdf", "%PDF-1.4")]);
        var stored = extra.Store.Files.Resolve(note.Files[0].Path)!;

        await using var tab = await app.OpenAsync(extra.Server.Url, "/");
        await tab.SelectSpaceAsync("Launch");
        var card = tab.Notes.Last;
        await card.GetByRole(AriaRole.Button, new() { Name = "Open minutes, final.pdf" }).ClickAsync();
        await Eventually.TrueAsync(() => opener.Calls().Contains(stored), "the opener was given the stored file");

        await card.GetByRole(AriaRole.Button, new() { Name = "Show minutes, final.pdf in folder" }).ClickAsync();
        await Eventually.TrueAsync(() => opener.Calls().Contains(extra.Store.Files.Root), "the opener was given the attachments folder");
        Assert.Equal([stored, extra.Store.Files.Root], opener.Calls());
        await Expect(tab.Toasts).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task OpenerWithoutAnApplication_IsReported_AndALauncherFileIsNeverOpened()
    {
        var opener = Opener.Create(exitCode: 3);
        await using var extra = await ExtraApp.StartAsync(configure: opener.Register);
        var space = await extra.Store.CreateSpaceAsync("Refuse");
        await extra.Store.CreateNoteAsync(space.Id, "Odd files", [Attachment("data.xyz", "x"), Attachment("run.desktop", "[Desktop Entry]\nExec=sh")]);

        await using var tab = await app.OpenAsync(extra.Server.Url, "/");
        await tab.SelectSpaceAsync("Refuse");
        var card = tab.Notes.Last;
        await card.GetByRole(AriaRole.Button, new() { Name = "Open run.desktop" }).ClickAsync();
        await tab.ExpectToastAsync("run.desktop could start a program, so Dataans does not open it: use Show in folder instead.");
        Assert.Empty(opener.Calls());

        await card.GetByRole(AriaRole.Button, new() { Name = "Open data.xyz" }).ClickAsync();
        await tab.ExpectToastAsync("No application is set up to open data.xyz.");
        Assert.Single(opener.Calls());
    }

    private static AttachmentSource Attachment(string name, string text) =>
        new(name, _ => Task.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes(text))));

    /// <summary>A stand-in for xdg-open: a shell script that appends its argument to a file and exits with a given code.</summary>
    private sealed class Opener
    {
        private readonly string _script;
        private readonly string _log;

        private Opener(string script, string log)
        {
            _script = script;
            _log = log;
        }

        public static Opener Create(int exitCode)
        {
            var folder = Directory.CreateTempSubdirectory("dataans-opener-").FullName;
            var script = Path.Combine(folder, "xdg-open");
            var log = Path.Combine(folder, "calls.txt");
            File.WriteAllText(script, $"#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{log}'\nexit {exitCode}\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            return new Opener(script, log);
        }

        public void Register(IServiceCollection services, Core.Storage.DataansStore store) =>
            services.AddSingleton(new AttachmentLauncher(store, _script, "unix:path=/nonexistent/dataans-test-bus"));

        public string[] Calls() => File.Exists(_log) ? File.ReadAllLines(_log) : [];
    }
}
