using Dataans.Server;
using Dataans.Server.Configuration;
using Dataans.Server.Users;

if (AdminCommands.IsAdminCommand(args))
{
    return await AdminCommands.RunAsync(args, Console.Out, Console.Error);
}

try
{
    var app = SyncServerHost.Build(args);
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (StartupErrors.Describe(e) is { } message)
{
    await Console.Error.WriteLineAsync("dataans-server: " + message);
    return 2;
}

/// <summary>The entry point, visible to <c>WebApplicationFactory&lt;Program&gt;</c> in tests.</summary>
public partial class Program;
