using System.Diagnostics;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Dataans.App.UiTests.Browser.Xss;

/// <summary>
/// Every payload of <see cref="XssPayloads"/> as a space name, shown everywhere the app shows a space name.
/// The tab runs with the page's CSP switched off, so Blazor's encoding must hold on its own.
/// </summary>
[Collection("ui")]
public sealed class XssPayloadTests(AppFixture app, ITestOutputHelper output)
{
    internal static IReadOnlyList<XssPayload> Payloads => XssPayloads.All;

    [Fact]
    public void PayloadList_HasDistinctPayloads_EachCallingItsMarker()
    {
        Assert.True(Payloads.Count >= 60, $"only {Payloads.Count} payloads");
        Assert.Equal(Payloads.Count, Payloads.Select(p => p.Name).Distinct().Count());
        Assert.Equal(Payloads.Count, Payloads.Select(p => p.Text).Distinct().Count());
        Assert.Equal(Payloads.Count, Payloads.Select(p => p.SpaceName).Distinct().Count());
        Assert.All(Payloads, p => Assert.Contains(p.Token, p.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SpaceNames_InListHeaderTitleDialogsAndSearchScope_ShowAsTextAndNeverRun()
    {
        var clock = Stopwatch.StartNew();
        await using var extra = await ExtraApp.StartAsync();
        foreach (var payload in Payloads)
        {
            await extra.Store.CreateSpaceAsync(payload.SpaceName);
        }

        await using var tab = await XssTab.OpenAsync(app.Browser, extra.Server.Url, bypassCsp: true);
        var page = tab.Page;
        await Expect(page.Locator("nav.spaces .space")).ToHaveCountAsync(Payloads.Count);
        var listed = await page.Locator("nav.spaces .space").EvaluateAllAsync<string[][]>("els => els.map(e => [e.title, e.querySelector('.name').textContent])");
        Assert.All(listed, shown => Assert.Equal(shown[0], shown[1]));
        Assert.Equal(Payloads.Select(p => p.SpaceName).Order(StringComparer.Ordinal), listed.Select(shown => shown[0]).Order(StringComparer.Ordinal));

        var failures = new List<string>();
        var dialogsChecked = 0;
        foreach (var payload in Payloads)
        {
            try
            {
                var name = payload.SpaceName;
                await page.Locator("nav.spaces").GetByTitle(name, new() { Exact = true }).ClickAsync();
                await Expect(page.Locator(".space-header h1")).ToHaveTextAsync(name);
                Assert.Equal(Printable($"{name} · Dataans"), Printable(await page.TitleAsync()));
                if (payload.Id % 4 == 0)
                {
                    await CheckDialogsAsync(page, name);
                    dialogsChecked++;
                }
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException or Xunit.Sdk.XunitException)
            {
                failures.Add($"{payload}: {e.Message.Split('\n')[0]}");
            }

            failures.AddRange((await XssDom.ForbiddenAsync(page)).Select(bad => $"{payload}: {bad}"));
        }

        var executions = await tab.ExecutionsAsync();
        output.WriteLine($"{Payloads.Count} space names × 3 places (list, header, title) + {dialogsChecked} × 3 (delete dialog, "
            + $"edit form, search scope); {executions.Count} executions; {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Empty(executions);
        Assert.Empty(failures);
        Figures.Record("xss", "payloads as space names", Payloads.Count);
        Figures.Record("xss", "script executions, space names", executions.Count);
    }

    private static async Task CheckDialogsAsync(IPage page, string name)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete space" }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Alertdialog);
        await Expect(confirm.Locator("#confirm-message")).ToContainTextAsync($"Delete the space '{name}'");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit space" }).ClickAsync();
        await Expect(page.Locator("#space-name")).ToHaveValueAsync(name);
        await page.Locator("#space-name").PressAsync("Escape");
        await Expect(page.Locator("#space-name")).ToBeHiddenAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Find a note in this space" }).ClickAsync();
        await Expect(page.Locator(".scope .name")).ToHaveTextAsync(name);
        await page.Locator("#search-note-input").PressAsync("Escape");
        await Expect(page.Locator(".scope")).ToBeHiddenAsync();
    }

    // The browser drops control characters from a page title.
    private static string Printable(string text) => new(text.Where(c => !char.IsControl(c)).ToArray());
}
