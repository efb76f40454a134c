using Dataans.Docs.Tests.Infrastructure;

namespace Dataans.Docs.Tests;

/// <summary>README: the commands that start the app, from the sources and from a published build.</summary>
[Collection(DocsCollection.Name)]
public sealed class ReadmeAppTests : IDisposable
{
    public static readonly string[] Commands =
    [
        "dotnet run --project src/Dataans.App",
        "dotnet run --project src/Dataans.App -- --no-browser",
        "dotnet run --project src/Dataans.App -- --app",
        "dotnet run --project src/Dataans.App -- --port 7790",
        "dotnet publish src/Dataans.App -c Release -o ~/dataans-app",
        "~/dataans-app/dataans --no-browser",
    ];

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private readonly string _root = Directory.CreateTempSubdirectory("dataans-docs-app-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task StartCommands_EachServesTheUi()
    {
        var ledger = new CommandLedger(Commands);
        var shell = new Shell(Path.Combine(_root, "home"));

        foreach (var command in Commands.Where(command => command.StartsWith("dotnet run", StringComparison.Ordinal)))
        {
            var portWasFree = ServerPort.IsFree(7790);
            await using var app = ledger.Start(shell, command);
            var address = await AppChecks.AssertServesUiAsync(app, StartTimeout);
            if (command.EndsWith("--port 7790", StringComparison.Ordinal) && portWasFree)
            {
                Assert.Equal(7790, address.Port);
            }
        }

        // Every start used the default data folder of this home.
        Assert.True(File.Exists(Path.Combine(shell.Home, ".local", "share", "dataans", "configs", "config.toml")));

        (await ledger.RunAsync(shell, "dotnet publish src/Dataans.App -c Release -o ~/dataans-app")).AssertSucceeded();
        Assert.True(File.Exists(Path.Combine(shell.Home, "dataans-app", "dataans")));
        await using (var published = ledger.Start(shell, "~/dataans-app/dataans --no-browser"))
        {
            await AppChecks.AssertServesUiAsync(published, StartTimeout);
        }

        ledger.AssertEveryCommandRan();
    }
}
