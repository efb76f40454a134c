using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dataans.App.UiTests.Browser;

/// <summary>A browser tab on the app, with the steps a user takes and the problems a user would see (dialogs, errors).</summary>
public sealed class AppPage(IPage page) : IAsyncDisposable
{
    private readonly List<string> _dialogs = [];
    private readonly List<string> _errors = [];
    private bool _watching;

    public IPage Page => page;

    /// <summary>Every alert/confirm/prompt the page opened (a script ran): must stay empty.</summary>
    public IReadOnlyList<string> Dialogs => _dialogs;

    /// <summary>Uncaught page errors and console errors.</summary>
    public IReadOnlyList<string> Errors => _errors;

    public ILocator Composer => page.GetByRole(AriaRole.Textbox, new() { Name = "New note" });

    public ILocator Notes => page.Locator("article.note");

    public ILocator Toasts => page.Locator(".toast");

    public async Task GotoAsync(string path)
    {
        Watch();
        await page.GotoAsync(path);
        // Not prerendered: the spaces panel exists only once the circuit is connected and the shortcuts are installed.
        await Expect(page.Locator("nav.spaces, .settings").First).ToBeVisibleAsync(new() { Timeout = 15_000 });
    }

    public async Task<string> CreateSpaceAsync(string name)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a new space" }).ClickAsync();
        await page.Locator("#space-name").FillAsync(name);
        await page.Locator("#space-name").PressAsync("Enter");
        await Expect(page.Locator(".space-header h1")).ToHaveTextAsync(name);
        await Expect(Composer).ToBeFocusedAsync();
        return name;
    }

    public async Task SelectSpaceAsync(string name)
    {
        await page.Locator("nav.spaces .space", new() { HasText = name }).First.ClickAsync();
        await Expect(page.Locator(".space-header h1")).ToHaveTextAsync(name);
    }

    /// <summary>Types a note into the composer and sends it with Enter; returns its card.</summary>
    public async Task<ILocator> SendNoteAsync(string text)
    {
        var before = await Notes.CountAsync();
        await Composer.FillAsync(text);
        await Composer.PressAsync("Enter");
        await Expect(Composer).ToHaveValueAsync(string.Empty);
        await Expect(Notes).ToHaveCountAsync(before + 1);
        return Notes.Last;
    }

    /// <summary>
    /// Runs an expectation; when it fails, the failure also says what the page showed: the search box's text,
    /// the found line, the toasts, the reconnect box's state, the focused element and the page's errors.
    /// </summary>
    public async Task ExplainFailureAsync(Func<Task> expectation)
    {
        try
        {
            await expectation();
        }
        catch (PlaywrightException failure)
        {
            var shown = await page.EvaluateAsync<string>(
                "() => JSON.stringify({ search: document.getElementById('search-note-input')?.value ?? null, "
                + "found: document.querySelector('.found')?.textContent ?? null, "
                + "toasts: [...document.querySelectorAll('.toast')].map(toast => toast.textContent), "
                + "reconnect: document.getElementById('components-reconnect-modal')?.className ?? null, "
                + "focused: document.activeElement?.id || document.activeElement?.tagName })");
            throw new TimeoutException($"{failure.Message}\nThe page showed: {shown}\nPage errors: [{string.Join(" | ", _errors)}]", failure);
        }
    }

    public Task ExpectToastAsync(string text) =>
        Expect(Toasts.Filter(new() { HasText = text }).First).ToBeVisibleAsync();

    public Task ExpectToastAsync(Regex text) =>
        Expect(Toasts.Filter(new() { HasTextRegex = text }).First).ToBeVisibleAsync();

    public async ValueTask DisposeAsync() => await page.Context.CloseAsync();

    private void Watch()
    {
        if (_watching)
        {
            return;
        }

        _watching = true;
        page.Dialog += async (_, dialog) =>
        {
            _dialogs.Add(dialog.Message);
            await dialog.DismissAsync();
        };
        page.PageError += (_, error) => _errors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _errors.Add(message.Text);
            }
        };
    }
}
