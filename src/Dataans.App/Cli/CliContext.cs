using System.CommandLine;
using System.Globalization;
using Dataans.Core;
using Dataans.Core.Storage;
using Dataans.Core.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace Dataans.App.Cli;

/// <summary>
/// What every command shares: the environment, the global options, and the way a command runs —
/// open the store, do the work, turn any failure into an exit code and one sentence.
/// </summary>
internal sealed class CliContext(CliEnvironment environment)
{
    public CliEnvironment Environment => environment;

    public Option<string?> DataDirOption { get; } = new("--data-dir")
    {
        Description = "The data folder (default: $DATAANS_DATA_DIR, else $XDG_DATA_HOME/dataans, else ~/.local/share/dataans)",
        HelpName = "DIR",
        Recursive = true,
    };

    public Option<bool> JsonOption { get; } = new("--json")
    {
        Description = "Print machine-readable JSON instead of text",
        Recursive = true,
    };

    /// <summary>Options of the form --limit N: a positive whole number, or a usage error.</summary>
    public static Option<int> LimitOption(int defaultValue, string description)
    {
        var option = new Option<int>("--limit")
        {
            Description = $"{description} (default {defaultValue})",
            HelpName = "N",
            DefaultValueFactory = _ => defaultValue,
        };
        option.CustomParser = result =>
        {
            var text = result.Tokens is [var token] ? token.Value.Trim() : string.Empty;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1)
            {
                return value;
            }

            result.AddError(string.Create(CultureInfo.InvariantCulture, $"--limit must be a whole number from 1 to {int.MaxValue}, not '{text}'."));
            return defaultValue;
        };
        return option;
    }

    /// <summary>Gives <paramref name="command"/> the action that runs <paramref name="work"/> through <see cref="RunAsync"/>; returns the command.</summary>
    public Command RunsInSession(Command command, Func<ParseResult, CliSession, CancellationToken, Task> work)
    {
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, (session, ct) => work(parseResult, session, ct), cancellationToken));
        return command;
    }

    /// <summary>Runs a command against the store of the chosen data folder and returns its exit code.</summary>
    public async Task<int> RunAsync(ParseResult parseResult, Func<CliSession, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        var output = new CliOutput(environment, parseResult.GetValue(JsonOption));
        try
        {
            var dataDir = parseResult.GetValue(DataDirOption);
            if (parseResult.GetResult(DataDirOption) is not null && string.IsNullOrWhiteSpace(dataDir))
            {
                throw new CliException("--data-dir needs a folder path.", ExitCodes.Usage);
            }

            using var store = await OpenStoreAsync(dataDir, cancellationToken);
            await using var core = new CliCore(store, environment.TimeProvider);
            await work(new CliSession(store, output, environment, core), cancellationToken);
            return ExitCodes.Ok;
        }
        catch (Exception exception)
        {
            return CliErrors.Report(exception, environment.Error);
        }
    }

    private async Task<DataansStore> OpenStoreAsync(string? explicitPath, CancellationToken cancellationToken)
    {
        DataDirectory directory;
        try
        {
            directory = DataDirectory.Resolve(explicitPath);
        }
        catch (Exception exception) when (exception is ArgumentException or IOException or NotSupportedException)
        {
            throw new CliException($"'{explicitPath}' is not a usable folder path.");
        }

        if (File.Exists(directory.Root))
        {
            throw new CliException($"The data folder '{directory.Root}' is a file, not a folder.");
        }

        try
        {
            var store = await DataansStore.OpenAsync(directory, environment.TimeProvider, cancellationToken);
            if (store.PermissionsTightened > 0)
            {
                await environment.Error.WriteLineAsync(
                    $"dataans: the data folder '{directory.Root}' was readable by other accounts on this computer; {store.PermissionsTightened} folders and files were made private to you (folders 0700, files 0600).");
            }

            return store;
        }
        catch (UnauthorizedAccessException)
        {
            throw new CliException($"The data folder '{directory.Root}' cannot be written to (permission denied).");
        }
        catch (IOException exception)
        {
            throw new CliException($"The data folder '{directory.Root}' cannot be used: {exception.Message}");
        }
    }
}

/// <summary>One command's open store, its output, its environment and Core's sync services.</summary>
internal sealed record CliSession(DataansStore Store, CliOutput Output, CliEnvironment Environment, CliCore Core)
{
    public SyncAccount Account => Core.Get<SyncAccount>();

    public SyncEngine Engine => Core.Get<SyncEngine>();

    public Task<Guid> SpaceIdAsync(string idOrPrefix, CancellationToken cancellationToken) =>
        Store.ResolveIdAsync(ObjectKind.Space, idOrPrefix, cancellationToken);

    /// <summary>The space named by <paramref name="nameOrId"/>; when it is left out, the only space there is, else a usage error naming them.</summary>
    public async Task<Guid> SpaceIdOrOnlyAsync(string? nameOrId, string command, CancellationToken cancellationToken)
    {
        if (nameOrId is not null)
        {
            return await SpaceIdAsync(nameOrId, cancellationToken);
        }

        var spaces = await Store.ListSpacesAsync(cancellationToken);
        return spaces switch
        {
            [] => throw new CliException("There are no spaces yet: create one with 'dataans space add NAME'."),
            [var only] => only.Id,
            _ => throw new CliException(
                $"Name the space with --space: there are {spaces.Count} ({string.Join(", ", spaces.Take(5).Select(space => $"'{space.Name}'"))}{(spaces.Count > 5 ? ", …" : string.Empty)}); see 'dataans {command} --help'.",
                ExitCodes.Usage),
        };
    }

    public Task<Guid> NoteIdAsync(string idOrPrefix, CancellationToken cancellationToken) =>
        Store.ResolveIdAsync(ObjectKind.Note, idOrPrefix, cancellationToken);
}

/// <summary>
/// Core composed for one command (<see cref="DataansCoreServices.AddDataansCore"/>), built on first
/// use so commands that only touch notes pay nothing; nothing hosted runs in the CLI.
/// </summary>
internal sealed class CliCore(DataansStore store, TimeProvider timeProvider) : IAsyncDisposable
{
    private ServiceProvider? _services;

    public T Get<T>()
        where T : notnull
    {
        _services ??= new ServiceCollection().AddSingleton(timeProvider).AddDataansCore(store).BuildServiceProvider();
        return _services.GetRequiredService<T>();
    }

    public ValueTask DisposeAsync() => _services?.DisposeAsync() ?? ValueTask.CompletedTask;
}
