using Microsoft.Playwright;

namespace Dataans.App.UiTests.Browser.Xss;

/// <summary>Checks of the rendered page that do not need a payload to run to find a hole, and link clicking.</summary>
internal static class XssDom
{
    // What the Markdown sanitizer lets through (HtmlPolicy); anything else inside a rendered note is a hole.
    private const string Scan = """
        () => {
          const bad = [];
          const allowed = new Set(['p','br','hr','h1','h2','h3','h4','h5','h6','em','strong','del','s','code','pre','blockquote',
            'ul','ol','li','table','thead','tbody','tr','th','td','a','img','input','span','div','button','mark']);
          const describe = (el) => el.outerHTML.slice(0, 120);
          for (const el of document.querySelectorAll('.markdown *')) {
            if (!allowed.has(el.localName)) bad.push('element ' + describe(el));
          }
          for (const el of document.querySelectorAll('.snippet *:not(mark), .snippet mark *, .space-name *, .space-header h1 *, nav.spaces .name *, .chip a *, .chip .name *, .version .text *')) {
            bad.push('markup in a name or snippet ' + describe(el));
          }
          const urlAttributes = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc', 'background', 'poster'];
          for (const el of document.querySelectorAll('*')) {
            for (const a of el.attributes) {
              const value = a.value.replace(/[\u0000-\u0020\u007f-\u00a0\u200b]/g, '').toLowerCase();
              const inNote = !!el.closest('.markdown');
              if (a.name.startsWith('on')) bad.push('handler ' + describe(el));
              else if (urlAttributes.includes(a.name) && /^(javascript|vbscript|livescript):/.test(value)) bad.push('script url ' + describe(el));
              else if (inNote && urlAttributes.includes(a.name) && /^data:/.test(value)) bad.push('data url ' + describe(el));
              else if (inNote && ['srcdoc', 'formaction', 'action'].includes(a.name)) bad.push('attribute ' + describe(el));
              else if (a.name === 'style' && /url\(|expression|javascript|@import/.test(value)) bad.push('style ' + describe(el));
            }
          }
          return bad;
        }
        """;

    /// <summary>Elements, handlers and URLs a sanitized page must never contain.</summary>
    public static async Task<IReadOnlyList<string>> ForbiddenAsync(IPage page) => await page.EvaluateAsync<string[]>(Scan);

    /// <summary>
    /// Clicks every link rendered inside <paramref name="scope"/> (a payload's link must not run); a link
    /// that cannot be clicked (e.g. covered by injected markup) is a failure, and the other links are still clicked.
    /// </summary>
    public static async Task<int> ClickLinksAsync(XssTab tab, ILocator scope, List<string> failures)
    {
        var links = scope.Locator("a");
        var count = await links.CountAsync();
        for (var i = 0; i < count; i++)
        {
            try
            {
                await links.Nth(i).ClickAsync(new LocatorClickOptions { Timeout = 5_000 });
            }
            catch (TimeoutException e)
            {
                failures.Add($"link #{i} could not be clicked: {e.Message.Split('\n')[0]}");
            }
        }

        await tab.ClosePopupsAsync();
        return count;
    }
}
