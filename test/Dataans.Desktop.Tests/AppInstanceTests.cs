using Dataans.App.Desktop;
using Dataans.Core.Storage;
using Dataans.Desktop.Tests.Infrastructure;

namespace Dataans.Desktop.Tests;

/// <summary>One app per data folder: the claim, and the hand-over a second launch asks for.</summary>
public sealed class AppInstanceTests : IDisposable
{
    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task SecondClaim_OnTheSameFolder_IsRefused_AndAsksTheFirst()
    {
        var folder = new DataDirectory(_home.DataDir);
        using var first = AppInstance.TryClaim(folder);
        Assert.NotNull(first);
        first.Answer(request => request == "url" ? "url http://127.0.0.1:1234/" : "error");

        Assert.Null(AppInstance.TryClaim(folder));
        Assert.Equal("url http://127.0.0.1:1234/", await AppInstance.AskAsync(folder, "url", TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Claim_IsReleasedWhenTheAppEnds()
    {
        var folder = new DataDirectory(_home.DataDir);
        AppInstance.TryClaim(folder)!.Dispose();

        using var again = AppInstance.TryClaim(folder);

        Assert.NotNull(again);
    }

    [Fact]
    public void OtherFolders_AreClaimedIndependently()
    {
        using var first = AppInstance.TryClaim(new DataDirectory(Path.Combine(_home.Root, "one")));
        using var second = AppInstance.TryClaim(new DataDirectory(Path.Combine(_home.Root, "two")));

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.NotEqual(AppInstance.SocketPath(new DataDirectory(Path.Combine(_home.Root, "one"))), AppInstance.SocketPath(new DataDirectory(Path.Combine(_home.Root, "two"))));
    }
}
