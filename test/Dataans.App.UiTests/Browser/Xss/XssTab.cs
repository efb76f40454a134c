using Microsoft.Playwright;

namespace Dataans.App.UiTests.Browser.Xss;

/// <summary>
/// A browser tab on the app that notices any script a payload manages to run: <c>window.__xss(id)</c>
/// calls in every page and frame of the tab (popups from clicked links included), alert/confirm/prompt
/// dialogs, and Content-Security-Policy violation reports. With <c>bypassCsp</c> the page's CSP is off,
/// so the sanitizer and Blazor's encoding are tested on their own; without it, a payload that got past
/// them shows up as a CSP violation. Requests to anything but the app are aborted (no network).
/// </summary>
internal sealed class XssTab : IAsyncDisposable
{
    private const string Hook = """
        (() => {
          const hits = [];
          const hit = (id) => {
            hits.push(String(id));
            try { if (window.top !== window) window.top.__xssHits.push(String(id)); } catch { }
          };
          Object.defineProperty(window, '__xssHits', { value: hits });
          Object.defineProperty(window, '__xss', { value: hit });
          const csp = [];
          Object.defineProperty(window, '__cspViolations', { value: csp });
          document.addEventListener('securitypolicyviolation', (e) => csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
        })();
        """;

    private readonly List<string> _dialogs = [];
    private readonly List<string> _console = [];
    private readonly List<string> _hitsOfClosedPages = [];

    private XssTab(AppPage tab) => Tab = tab;

    public AppPage Tab { get; }

    public IPage Page => Tab.Page;

    public static async Task<XssTab> OpenAsync(IBrowser browser, string baseUrl, bool bypassCsp, string path = "/")
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            BypassCSP = bypassCsp,
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        var app = new Uri(baseUrl);
        await context.RouteAsync(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme.StartsWith("http", StringComparison.Ordinal) && uri.Authority != app.Authority, route => route.AbortAsync());
        await context.AddInitScriptAsync(Hook);
        var page = await context.NewPageAsync();
        var tab = new XssTab(new AppPage(page));
        tab.Watch(page, handleDialogs: false); // AppPage records and dismisses the tab's own dialogs
        context.Page += (_, popup) => tab.Watch(popup, handleDialogs: true);
        await tab.Tab.GotoAsync(path);
        return tab;
    }

    /// <summary>Every <c>__xss</c> call, dialog and CSP violation seen so far in this tab, its frames and popups.</summary>
    public async Task<IReadOnlyList<string>> ExecutionsAsync()
    {
        var seen = new List<string>(_hitsOfClosedPages);
        foreach (var page in Page.Context.Pages)
        {
            seen.AddRange(await HitsAsync(page));
        }

        seen.AddRange(Tab.Dialogs.Concat(_dialogs).Select(message => "dialog: " + message));
        return seen;
    }

    public async Task<IReadOnlyList<string>> CspViolationsAsync()
    {
        var seen = new List<string>(_console);
        foreach (var frame in Page.Context.Pages.SelectMany(page => page.Frames))
        {
            seen.AddRange(await TryEvaluateAsync(frame, "() => [...window.__cspViolations]"));
        }

        return seen;
    }

    /// <summary>Closes the pages that clicked links opened, keeping what ran in them.</summary>
    public async Task ClosePopupsAsync()
    {
        foreach (var popup in Page.Context.Pages.Where(page => page != Page).ToList())
        {
            _hitsOfClosedPages.AddRange(await HitsAsync(popup));
            await popup.CloseAsync();
        }
    }

    public async ValueTask DisposeAsync() => await Page.Context.CloseAsync();

    private static async Task<IEnumerable<string>> HitsAsync(IPage page)
    {
        var hits = new List<string>();
        foreach (var frame in page.Frames)
        {
            hits.AddRange((await TryEvaluateAsync(frame, "() => [...window.__xssHits]")).Select(id => $"__xss({id}) in {frame.Url}"));
        }

        return hits;
    }

    private static async Task<string[]> TryEvaluateAsync(IFrame frame, string script)
    {
        try
        {
            return await frame.EvaluateAsync<string[]?>(script) ?? [];
        }
        catch (PlaywrightException)
        {
            // A frame that navigated away or was detached meanwhile (e.g. an error page of an aborted link).
            return [];
        }
    }

    private void Watch(IPage page, bool handleDialogs)
    {
        if (handleDialogs)
        {
            page.Dialog += async (_, dialog) =>
            {
                _dialogs.Add($"{dialog.Type} '{dialog.Message}' on {page.Url}");
                await dialog.DismissAsync();
            };
        }

        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                _console.Add(message.Text);
            }
        };
    }
}
