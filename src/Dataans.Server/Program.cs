using Dataans.Server;
using Dataans.Server.Configuration;
using Dataans.Server.Users;

ServerCommandLine commandLine;
try
{
    commandLine = ServerCommandLine.Parse(args);
}
catch (UsageException e)
{
    await Console.Error.WriteLineAsync("dataans-server: " + e.Message);
    return 2;
}

if (commandLine.Words.Count > 0 || commandLine.Flags.Count > 0 || commandLine.Options.Count > 0)
{
    return await AdminCommands.RunAsync(commandLine, Console.Out, Console.Error);
}

string? urls = null;
try
{
    var app = SyncServerHost.Build(args);
    urls = app.Configuration["urls"];
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (e is not HostAbortedException)
{
    // Every start-up failure is one line; a stack trace would hide it (the host's own log of it is off).
    // HostAbortedException is how a test host (WebApplicationFactory) stops this entry point: it passes.
    var message = StartupErrors.Describe(e, urls) ?? StartupErrors.Unexpected(e);
    await Console.Error.WriteLineAsync("dataans-server: " + message);
    return 2;
}

/// <summary>The entry point, visible to <c>WebApplicationFactory&lt;Program&gt;</c> in tests.</summary>
public partial class Program;
