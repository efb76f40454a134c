using Dataans.Server;
using Dataans.Server.Users;
using Microsoft.Extensions.Options;

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
catch (OptionsValidationException e)
{
    await Console.Error.WriteLineAsync("dataans-server: " + string.Join(" ", e.Failures));
    return 2;
}

/// <summary>The entry point, visible to <c>WebApplicationFactory&lt;Program&gt;</c> in tests.</summary>
public partial class Program;
