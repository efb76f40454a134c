using Dataans.Docs.Tests.Infrastructure;
using Dataans.Tests.Original;

namespace Dataans.Docs.Tests;

/// <summary>
/// README, switching from the original Dataans app: an installation of the original (built in its own
/// format at its default place in the user's home) is imported by folder, imported again without
/// change, and on a second machine found at its default place with its sign-in — every command as the
/// README shows it, through <c>dotnet run</c>.
/// </summary>
[Collection(DocsCollection.Name)]
public sealed class ReadmeSwitchJourneyTests : IDisposable
{
    public static readonly string[] Commands =
    [
        "dotnet run --project src/Dataans.App -- import ~/.local/share/com.tbt.dataans",
        "dotnet run --project src/Dataans.App -- import --original --with-profile",
    ];

    private const string OriginalServer = "https://backup.dataans.com/";
    private readonly string _root = Directory.CreateTempSubdirectory("dataans-docs-switch-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task OriginalInstallation_IsImportedOnce_WithItsFiles_AndItsSignIn()
    {
        var ledger = new CommandLedger(Commands);
        var laptop = new Device(Path.Combine(_root, "laptop"));
        var original = OriginalFolder(laptop);
        OriginalScenario.Build(original);

        var first = (await ledger.RunAsync(laptop.Shell, "dotnet run --project src/Dataans.App -- import ~/.local/share/com.tbt.dataans")).AssertSucceeded();
        Assert.StartsWith($"Imported the original Dataans installation at {original}: 4 spaces, 6 notes, ", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("key bindings and theme carried over", first.Stdout, StringComparison.Ordinal);
        var spaces = await laptop.JsonAsync("space list");
        Assert.Equal(["Old notes", "Photos 📷", "Plain", "仕事 Work"], spaces.EnumerateArray().Select(space => space.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
        var work = spaces.EnumerateArray().Single(space => space.GetProperty("name").GetString() == "仕事 Work").GetProperty("id").GetString()!;
        var plan = (await laptop.JsonAsync($"note list --space {work}")).EnumerateArray()
            .SelectMany(note => note.GetProperty("files").EnumerateArray())
            .First(file => file.GetProperty("name").GetString() == "plan \"v2\".txt");
        Assert.Equal("plan v2\n".Length, plan.GetProperty("size").GetInt64());

        var again = (await ledger.RunAsync(laptop.Shell, "dotnet run --project src/Dataans.App -- import ~/.local/share/com.tbt.dataans")).AssertSucceeded();
        Assert.Contains(" 0 new here, ", again.Stdout, StringComparison.Ordinal);
        Assert.Equal(4, (await laptop.JsonAsync("space list")).GetArrayLength());

        var desktop = new Device(Path.Combine(_root, "desktop"));
        var scenario = OriginalScenario.Build(OriginalFolder(desktop));
        scenario.Builder.WriteProfile(
            $"{{\"auth_token\":\"eyJ.e30.sig\",\"secret_key\":[{string.Join(',', Enumerable.Repeat(9, 32))}],\"salt\":\"Aa-Bb-Cc-Dd-Ee\",\"sync_config\":{{\"url\":\"{OriginalServer}\",\"mode\":\"Manual\"}}}}");
        var taken = (await ledger.RunAsync(desktop.Shell, "dotnet run --project src/Dataans.App -- import --original --with-profile")).AssertSucceeded();
        Assert.Contains("; sign-in taken over.", taken.Stdout, StringComparison.Ordinal);
        var status = await desktop.JsonAsync("sync status");
        Assert.Contains(OriginalServer, status.ToString(), StringComparison.Ordinal);

        ledger.AssertEveryCommandRan();
    }

    private static string OriginalFolder(Device device) => Path.Combine(device.Home, ".local", "share", "com.tbt.dataans");
}
