using System.Diagnostics;
using System.Text.Json;
using Dataans.Core.Avatars;
using Dataans.Desktop.Tests.Infrastructure;

namespace Dataans.Desktop.Tests;

/// <summary>
/// Files reaching a note inside the desktop window the ways a user brings them: the paperclip's file chooser
/// (a real GTK dialog, typed into), a pasted clipboard image (xclip owns the X clipboard) and a file dragged
/// in from another application (a GTK drag source). Each ends with the note sent and read back with the CLI.
/// </summary>
public sealed class WebViewInputTests(XvfbServer xvfb) : IClassFixture<XvfbServer>, IDisposable
{
    private readonly TestHome _home = new();
    private readonly X11 _x = new(xvfb.Display);

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Paperclip_OpensTheGtkFileChooser_AndTheChosenFileIsAttached()
    {
        var space = await CreateSpaceAsync();
        var chosen = Path.Combine(_home.Root, "chosen notes.txt");
        await File.WriteAllTextAsync(chosen, "picked in the GTK chooser");
        await using var app = DataansApp.Start(_home.Environment(xvfb.Display));
        var window = await ShowSpaceAsync(app);
        var height = (await _x.GeometryAsync(window))!.Height;

        await _x.ClickAsync(window, 284, height - 24); // the paperclip, left of the composer
        var chooser = await Eventually.ValueAsync<object>(async () => await _x.WindowNamedAsync("Select Files"), "the GTK file chooser to open");

        await ChooseInTheChooserAsync((long)chooser, chosen);
        await _x.FocusAsync(window);
        await _x.ClickAsync(window, 700, height - 27); // the composer

        var (_, file) = await SendAttachmentAsync(space);
        Assert.Equal("chosen notes.txt", file.GetProperty("name").GetString());
        Assert.Equal(new FileInfo(chosen).Length, file.GetProperty("size").GetInt64());
    }

    [Fact]
    public async Task FileChosenWhileEditingANote_IsAttachedToThatNote()
    {
        var space = await CreateSpaceAsync();
        var chosen = Path.Combine(_home.Root, "added while editing.txt");
        await File.WriteAllTextAsync(chosen, "attached from the note's editor");
        await using var app = DataansApp.Start(_home.Environment(xvfb.Display));
        var window = await ShowSpaceAsync(app);
        var (_, _, width, height) = (await _x.GeometryAsync(window))!;

        // The note's tools show while the pointer is over it; Edit is the second of four at its top right. The editor
        // replaces the text, with its paperclip, Discard and Save below it.
        await _x.FocusAsync(window);
        await _x.ClickAsync(window, 400, height - 90); // the note's text, above the composer
        var shot = Path.Combine(_home.Root, "editing.png");
        await _x.ScreenshotAsync(window, shot);
        var before = await X11.ColoursAsync(shot);
        await _x.ClickAsync(window, width - 102, height - 114); // Edit note

        // Keys sent before the editor is shown and focused would go to the note's tools: wait for it to be painted.
        await WithScreenshotOnFailureAsync(window, async () =>
        {
            await Eventually.WaitAsync(
                async () =>
                {
                    await _x.ScreenshotAsync(window, shot);
                    var after = await X11.ColoursAsync(shot);
                    var changed = before.Keys.Union(after.Keys).Sum(colour => Math.Abs(before.GetValueOrDefault(colour) - after.GetValueOrDefault(colour))) / 2;
                    return changed > 3_000;
                },
                "the note's editor to be painted");
            return true;
        });
        await _x.ClickAsync(window, width - 113, height - 92); // the editor's paperclip, left of Discard and Save
        var chooser = await WithScreenshotOnFailureAsync(
            window, () => Eventually.ValueAsync<object>(async () => await _x.WindowNamedAsync("Select Files"), "the editor's GTK file chooser to open"));
        await ChooseInTheChooserAsync((long)chooser, chosen);

        // The editor lists the file once its upload is in; then Tab, Tab goes from the paperclip to Save (past Discard).
        var uploads = Path.Combine(_home.DataDir, "uploads");
        await Eventually.WaitAsync(
            () => Task.FromResult(Directory.Exists(uploads) && Directory.EnumerateFiles(uploads, "*", SearchOption.AllDirectories).Any(path => new FileInfo(path).Length == new FileInfo(chosen).Length)),
            "the chosen file to be uploaded to the app");
        await _x.FocusAsync(window);
        await _x.KeyAsync("Tab");
        await _x.KeyAsync("Tab");
        await _x.KeyAsync("Return");

        var note = await WithScreenshotOnFailureAsync(window, () => Eventually.ValueAsync<object>(
            async () =>
            {
                var list = await _home.RunAsync("note", "list", "--space", space, "--json");
                using var notes = JsonDocument.Parse(list.Stdout);
                var edited = notes.RootElement.EnumerateArray().Single();
                return edited.GetProperty("files").GetArrayLength() == 1 ? (object)edited.Clone() : null;
            },
            "the edited note to list the attached file"));
        var saved = (JsonElement)note;
        Assert.Equal("the first note", saved.GetProperty("text").GetString());
        Assert.Equal("added while editing.txt", saved.GetProperty("files")[0].GetProperty("name").GetString());
        Assert.Equal(new FileInfo(chosen).Length, saved.GetProperty("files")[0].GetProperty("size").GetInt64());
    }

    /// <summary>Runs <paramref name="step"/>; when it fails, keeps a screenshot of the window in the temp folder and says where.</summary>
    private async Task<T> WithScreenshotOnFailureAsync<T>(long window, Func<Task<T>> step)
    {
        try
        {
            return await step();
        }
        catch (TimeoutException exception)
        {
            var shot = Path.Combine(Path.GetTempPath(), $"dataans-desktop-failure-{Guid.NewGuid():N}.png");
            await _x.ScreenshotAsync(window, shot);
            throw new TimeoutException($"{exception.Message} (the window then: {shot})", exception);
        }
    }

    /// <summary>
    /// Types the path into the chooser's location bar and confirms. Keys sent while GTK is still building the
    /// dialog (a loaded machine) can be lost, so an attempt the chooser did not act on is typed again.
    /// </summary>
    private async Task ChooseInTheChooserAsync(long chooser, string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            await _x.FocusAsync(chooser);
            await _x.KeyAsync("ctrl+l");
            await _x.KeyAsync("ctrl+a");
            await _x.TypeAsync(path);
            await _x.KeyAsync("Return");
            try
            {
                await Eventually.WaitAsync(async () => await _x.WindowNamedAsync("Select Files") is null, "the chooser to close", TimeSpan.FromSeconds(attempt < 4 ? 20 : 90));
                return;
            }
            catch (TimeoutException) when (attempt < 4)
            {
                // The dialog is still open: the keys went nowhere; type them again.
            }
        }
    }

    [Fact]
    public async Task ClipboardImage_PastedIntoTheComposer_IsAttachedAndShownInTheNote()
    {
        var space = await CreateSpaceAsync();
        var image = Path.Combine(_home.Root, "copied.png");
        await File.WriteAllBytesAsync(image, AvatarGenerator.Generate(Guid.NewGuid()));
        await using var app = DataansApp.Start(_home.Environment(xvfb.Display));
        var window = await ShowSpaceAsync(app);
        var height = (await _x.GeometryAsync(window))!.Height;

        // xclip owns the X clipboard and serves the PNG (-quiet: in the foreground, so it can be ended).
        using var clipboard = Background("xclip", "-quiet", "-selection", "clipboard", "-t", "image/png", "-i", image);
        try
        {
            await _x.FocusAsync(window);
            await _x.ClickAsync(window, 700, height - 27); // the composer
            await _x.KeyAsync("ctrl+v");

            var (text, file) = await SendAttachmentAsync(space);
            var name = file.GetProperty("name").GetString()!;
            Assert.Matches(@"^pasted-\d{14}-[a-z0-9]+\.png$", name);
            Assert.Equal($"![]({name})", text);
            Assert.Equal(new FileInfo(image).Length, file.GetProperty("size").GetInt64());
        }
        finally
        {
            clipboard.Kill();
        }
    }

    [Fact]
    public async Task FileDraggedInFromAnotherApp_IsAttached()
    {
        var space = await CreateSpaceAsync();
        var dropped = Path.Combine(_home.Root, "dropped report.txt");
        await File.WriteAllTextAsync(dropped, "dragged in from a file manager");
        await using var app = DataansApp.Start(_home.Environment(xvfb.Display));
        var window = await ShowSpaceAsync(app);
        var height = (await _x.GeometryAsync(window))!.Height;
        await _x.FocusAsync(window);
        await _x.ClickAsync(window, 700, height - 27); // the composer keeps the focus for sending

        // The other application sits below the window (700 px high on the 800 px screen).
        var script = Path.Combine(AppContext.BaseDirectory, "Infrastructure", "drag-source.py");
        using var source = Background("/usr/bin/python3", script, "drag-source", "1000", "710", dropped);
        try
        {
            var from = await Eventually.ValueAsync<object>(async () => await _x.WindowNamedAsync("drag-source"), "the drag source's window");
            await _x.DragAsync((long)from, 100, 40, window, 700, 300); // onto the notes

            var (_, file) = await SendAttachmentAsync(space);
            Assert.Equal("dropped report.txt", file.GetProperty("name").GetString());
            Assert.Equal(new FileInfo(dropped).Length, file.GetProperty("size").GetInt64());
        }
        finally
        {
            source.Kill();
        }
    }

    /// <summary>Another application on the test's display.</summary>
    private Process Background(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        TestHome.Apply(start, new Dictionary<string, string?> { ["DISPLAY"] = xvfb.Display, ["HOME"] = _home.Home });

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task<string> CreateSpaceAsync()
    {
        _home.WriteConfig();
        var space = await _home.RunAsync("space", "add", "Inbox");
        Assert.Equal(0, space.ExitCode);
        await _home.RunAsync("note", "add", "--space", space.Stdout.Trim(), "the first note");
        return space.Stdout.Trim();
    }

    /// <summary>The window with the space's notes painted: the UI is connected and answers clicks.</summary>
    private async Task<long> ShowSpaceAsync(DataansApp app)
    {
        var window = await _x.WaitForWindowAsync(app);
        var shot = Path.Combine(_home.Root, "window.png");
        await Eventually.WaitAsync(
            async () =>
            {
                await _x.ClickAsync(window, 70, 79);
                await _x.ScreenshotAsync(window, shot);
                return (await X11.ColoursAsync(shot)).GetValueOrDefault("#262A33") > 5_000;
            },
            "the space's notes to be painted in the window");
        return window;
    }

    /// <summary>
    /// Presses Enter in the composer until the note with the attached file is created (Enter does nothing while
    /// the composer is empty, i.e. until the upload is attached) and returns that note's text and file.
    /// </summary>
    private async Task<(string Text, JsonElement File)> SendAttachmentAsync(string space)
    {
        (string, JsonElement)? sent = null;
        await Eventually.WaitAsync(
            async () =>
            {
                await _x.KeyAsync("Return");
                var list = await _home.RunAsync("note", "list", "--space", space, "--json");
                using var notes = JsonDocument.Parse(list.Stdout);
                foreach (var note in notes.RootElement.EnumerateArray())
                {
                    if (note.GetProperty("files").GetArrayLength() == 1)
                    {
                        sent = (note.GetProperty("text").GetString()!, note.GetProperty("files")[0].Clone());
                    }
                }

                return sent is not null;
            },
            "a note with the attached file");
        return sent!.Value;
    }
}
