using System.Net;
using System.Net.WebSockets;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dataans.App.UiTests.Browser;

[Collection("ui")]
public sealed class SecurityTests(AppFixture app)
{
    [Fact]
    public async Task XssPayloads_InNotesSpaceNamesAndFileNames_DoNotRun()
    {
        await using var tab = await app.OpenAsync();
        const string spaceName = "<img src=x onerror=alert('space')>";
        await tab.CreateSpaceAsync(spaceName);
        await NotesTests.DropFileAsync(tab.Page, "\"><img src=x onerror=alert('file')>.txt", "x");
        await Expect(tab.Page.Locator(".composer .chip")).ToBeVisibleAsync();

        var note = await tab.SendNoteAsync(
            "<script>alert('note')</script>\n\n<img src=x onerror=alert('img')>\n\n[click](javascript:alert('link'))\n\n"
            + "![pic](javascript:alert('pic'))\n\n<a href=\"javascript:alert('a')\">raw</a> <svg onload=alert('svg')></svg>");

        await Expect(note.Locator(".markdown")).ToContainTextAsync("<script>alert('note')</script>");
        await Expect(note.Locator(".chip")).ToContainTextAsync("onerror=alert('file')");
        Assert.Equal(0, await tab.Page.Locator(".markdown script, .markdown svg, .markdown [onerror], .markdown [onload]").CountAsync());
        Assert.Equal(0, await tab.Page.Locator("a[href^='javascript'], img[src^='javascript']").CountAsync());
        await Expect(tab.Page.Locator(".space-header h1")).ToHaveTextAsync(spaceName);

        await tab.Page.Locator("#search-note-input").FillAsync("alert");
        await Expect(tab.Page.Locator(".results .result").First).ToBeVisibleAsync();
        await note.Locator(".markdown a").First.ClickAsync();
        Assert.Empty(tab.Dialogs);
    }

    [Fact]
    public async Task ForeignHostOrOrigin_IsRefused()
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.Url) };
        var port = new Uri(app.Url).Port;

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(http, HttpMethod.Get, "/", host: $"evil.example:{port}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(http, HttpMethod.Get, "/", host: $"127.0.0.1:{port + 1}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(http, HttpMethod.Get, "/", origin: "http://evil.example")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(http, HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1", origin: "http://evil.example")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1", origin: $"http://127.0.0.1:{port}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(http, HttpMethod.Post, "/api/uploads?name=a.txt", origin: $"http://127.0.0.1:{port}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/files/{Guid.NewGuid()}/{Guid.NewGuid()}")).StatusCode);

        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", "http://evil.example");
        var refused = await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/_blazor"), CancellationToken.None));
        Assert.Contains("403", refused.Message, StringComparison.Ordinal);

        var page = await http.GetAsync("/");
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("script-src 'self'", string.Join(", ", page.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThemeSwitch_RecolorsTheApp()
    {
        await using var tab = await app.OpenAsync("/settings");
        var root = tab.Page.Locator(".app");
        try
        {
            await tab.Page.Locator("#theme-select").SelectOptionAsync("theme_light.toml");
            await Expect(root).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\blight\b"));
            await Expect(tab.Page.Locator(".settings")).ToHaveCSSAsync("background-color", "rgb(245, 246, 248)");
            Assert.Contains("theme = \"theme_light.toml\"", await File.ReadAllTextAsync(Path.Combine(app.DataDir, "configs", "config.toml")), StringComparison.Ordinal);
        }
        finally
        {
            await tab.Page.Locator("#theme-select").SelectOptionAsync("theme_dark.toml");
        }

        await Expect(root).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bdark\b"));
        await Expect(tab.Page.Locator(".settings")).ToHaveCSSAsync("background-color", "rgb(30, 33, 39)");
    }

    [Fact]
    public async Task BrokenConfig_ShowsAWarning_AndTheAppStillWorks()
    {
        await using var extra = await ExtraApp.StartAsync(dataDir =>
        {
            Directory.CreateDirectory(Path.Combine(dataDir, "configs"));
            File.WriteAllText(Path.Combine(dataDir, "configs", "config.toml"), "[key-bindings\nfind-note = = \"Ctrl+f\"\n");
        });
        await using var tab = await app.OpenAsync(extra.Server.Url, "/");

        await Expect(tab.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("config.toml is not valid TOML");
        await tab.CreateSpaceAsync("Still works");
        Assert.True(File.Exists(Path.Combine(extra.ConfigsDir, "theme_dark.toml")));
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string? host = null, string? origin = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return http.SendAsync(request);
    }
}
