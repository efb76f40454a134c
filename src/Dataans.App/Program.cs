using Dataans.App.Cli;

// No command (or `dataans ui`) starts the web UI; every other command line is the CLI.
return await DataansCli.RunAsync(UiCommand.WithDefaultCommand(args), CliEnvironment.FromConsole());
