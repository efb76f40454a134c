using Dataans.Core.Storage;

namespace Dataans.App.Tests.Cli;

/// <summary>
/// Operations a sync could not read (bad envelope, record, id/time or checksum) are set aside; the user
/// must learn of it from <c>sync status</c>, not only from the one run that set them aside.
/// </summary>
public sealed class SyncStatusSetAsideTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Status_WithNothingSetAside_SaysNothingAboutIt()
    {
        var result = await _cli.RunAsync("sync", "status");

        result.AssertOk();
        Assert.DoesNotContain("set aside", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, (await _cli.JsonAsync("sync", "status")).GetProperty("setAside").GetInt32());
    }

    [Fact]
    public async Task Status_AfterOperationsWereSetAside_CountsThem()
    {
        using (var store = await _cli.OpenStoreAsync())
        {
            QuarantinedOperation[] unreadable =
            [
                new(Guid.NewGuid(), 7, "its checksum does not match its content"),
                new(Guid.NewGuid(), 8, "it cannot be decrypted: wrong key or altered data"),
            ];
            await store.SyncLedger.ApplyPulledPageAsync(new PulledPage([], [], unreadable, 8, "c9a686b5cb7446518528d01b799cd5e1"));
        }

        var result = await _cli.RunAsync("sync", "status");

        result.AssertOk();
        Assert.Contains("2 operations could not be read and were set aside", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, (await _cli.JsonAsync("sync", "status")).GetProperty("setAside").GetInt32());
    }
}
