using System.CommandLine;

namespace Dataans.App.Cli;

/// <summary><c>dataans device show | rename NAME</c>: the name other devices show for this one's changes.</summary>
internal static class DeviceCommands
{
    public static Command Create(CliContext context) => new("device", "Show or change the name other devices show for this device's changes")
    {
        Show(context),
        Rename(context),
    };

    private static Command Show(CliContext context)
    {
        var command = new Command("show", "Print this device's name and id");
        return context.RunsInSession(command, async (_, session, ct) => Print(session, await session.Store.GetThisDeviceAsync(ct)));
    }

    private static Command Rename(CliContext context)
    {
        var name = new Argument<string[]>("NAME")
        {
            Description = "The device's new name, at most 64 characters (several words are joined with spaces)",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("rename", "Name this device; other devices learn the name with its next change that syncs") { name };
        return context.RunsInSession(
            command, async (parseResult, session, ct) => Print(session, await session.Store.RenameThisDeviceAsync(string.Join(' ', parseResult.GetRequiredValue(name)), ct)));
    }

    private static void Print(CliSession session, Core.Storage.DeviceIdentity device)
    {
        if (session.Output.IsJson)
        {
            session.Output.Json(new DeviceJson(device.Id, device.Name));
        }
        else
        {
            session.Output.Line($"This device is '{device.Name}' ({device.Id}).");
        }
    }
}
