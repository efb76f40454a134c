using Dataans.App.Cli;

// The seam for the web UI: when it exists, a start without arguments launches it here; until then
// every start goes to the command line, which prints its help when given no arguments.
return await DataansCli.RunAsync(args, CliEnvironment.FromConsole());
