using System.Text.RegularExpressions;

namespace Dataans.Docs.Tests.Infrastructure;

/// <summary>What a user sees of a running app: the address it printed, and a page that works there.</summary>
internal static partial class AppChecks
{
    /// <summary>Waits for "Dataans is running at URL" and checks that the page and its script load.</summary>
    public static async Task<Uri> AssertServesUiAsync(BackgroundCommand app, TimeSpan timeout)
    {
        var line = await app.WaitForLineAsync(text => text.Contains("Dataans is running at http://127.0.0.1:", StringComparison.Ordinal), timeout);
        var address = new Uri(Address().Match(line).Value);
        using var client = new HttpClient();
        var page = await client.GetStringAsync(address);
        Assert.Contains("<title>Dataans</title>", page, StringComparison.Ordinal);
        using var script = await client.GetAsync(new Uri(address, "_framework/blazor.web.js"));
        Assert.True(script.IsSuccessStatusCode, $"blazor.web.js answered {(int)script.StatusCode}: the UI would not start.");
        return address;
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/")]
    private static partial Regex Address();
}
