using Dataans.Desktop.Tests.Infrastructure;

namespace Dataans.Desktop.Tests;

/// <summary>
/// The app keeps to its data folder: serving its pages leaves nothing in the user's home (ASP.NET's default
/// key ring would make ~/.aspnet/DataProtection-Keys) and warns about nothing.
/// </summary>
public sealed class HomeFolderTests : IDisposable
{
    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task ServingThePage_WritesNothingIntoTheHome_AndWarnsAboutNothing()
    {
        _home.WriteConfig();
        await using var app = DataansApp.Start(_home.Environment(display: null), "--no-browser");
        var address = await app.AddressAsync();

        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        var page = await http.GetStringAsync(address);

        Assert.Contains("_framework/blazor.web.", page, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_home.Home));
        Assert.Empty(app.Stderr);
    }
}
