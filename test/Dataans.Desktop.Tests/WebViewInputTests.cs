using System.Text.Json;
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

        await _x.FocusAsync((long)chooser);
        await _x.KeyAsync("ctrl+l");
        await _x.TypeAsync(chosen);
        await _x.KeyAsync("Return");
        await Eventually.WaitAsync(async () => await _x.WindowNamedAsync("Select Files") is null, "the chooser to close");

        await SendNoteAsync(window, height, "with the chosen file");
        var file = await WaitForAttachmentAsync(space, "with the chosen file");
        Assert.Equal("chosen notes.txt", file.GetProperty("name").GetString());
        Assert.Equal(new FileInfo(chosen).Length, file.GetProperty("size").GetInt64());
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

    private async Task SendNoteAsync(long window, int height, string text)
    {
        await _x.FocusAsync(window);
        await _x.ClickAsync(window, 700, height - 27); // the composer
        await _x.TypeAsync(text);
        await _x.KeyAsync("Return");
    }

    /// <summary>The one file of the note with this text, once the CLI sees the note.</summary>
    private async Task<JsonElement> WaitForAttachmentAsync(string space, string text)
    {
        JsonElement? file = null;
        await Eventually.WaitAsync(
            async () =>
            {
                var list = await _home.RunAsync("note", "list", "--space", space, "--json");
                using var notes = JsonDocument.Parse(list.Stdout);
                foreach (var note in notes.RootElement.EnumerateArray())
                {
                    if (note.GetProperty("text").GetString()!.Contains(text, StringComparison.Ordinal) && note.GetProperty("files").GetArrayLength() == 1)
                    {
                        file = note.GetProperty("files")[0].Clone();
                    }
                }

                return file is not null;
            },
            $"a note '{text}' with one file");
        return file!.Value;
    }
}
